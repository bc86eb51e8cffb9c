// SQLite-store specifics: body files on disk, garbage collection, check() and repair.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createCore, type MailCore } from '../../src/core/index.js';
import { INLINE_BUDGET } from '../../src/core/messages.js';
import { buildMessage, newMessage, putBlob } from '../../src/store/contract/helpers.js';
import { blobIdWindows } from '../../src/store-sqlite/blob-rows.js';
import { openDb } from '../../src/store-sqlite/db.js';
import { openSqliteStore, type SqliteStore } from '../../src/store-sqlite/index.js';
import { tempStore } from '../core/helpers.js';

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

async function setup() {
  const t = await tempStore();
  await t.store.accounts.createDomain('example.test');
  const u = await t.store.accounts.createUser({
    address: 'a@example.test',
    passwordHash: 'h',
    mailboxes: [{ name: 'Work', specialUse: null, subscribed: false }],
  });
  const inbox = (await t.store.mail.getMailbox(u.id, 'INBOX'))!.id;
  const work = (await t.store.mail.getMailbox(u.id, 'Work'))!.id;
  return { ...t, u, inbox, work };
}

const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

test('copy, move and a second delivery of the same bytes keep one file on disk', async () => {
  const t = await setup();
  try {
    const m = await newMessage(t.store, {
      subject: 's',
      body: 'same bytes\r\n',
      messageId: 'fixed@x',
      date: new Date(0),
    });
    await t.store.mail.append(t.u.id, t.inbox, [m]);
    const again = await newMessage(t.store, {
      subject: 's',
      body: 'same bytes\r\n',
      messageId: 'fixed@x',
      date: new Date(0),
    });
    assert.equal(again.blob.id, m.blob.id);
    await t.store.mail.append(t.u.id, t.inbox, [again]);
    await t.store.mail.copy(t.u.id, t.inbox, ALL, t.work);
    await t.store.mail.move(t.u.id, t.work, ALL, t.inbox);
    assert.equal(await countFiles(join(t.dir, 'blobs')), 1);
    assert.equal((await t.store.mail.getMailboxById(t.inbox))!.messages, 4);
  } finally {
    await t.cleanup();
  }
});

test('collectGarbage removes unreferenced old bodies only', async () => {
  const t = await setup();
  try {
    const keep = await newMessage(t.store);
    const drop = await newMessage(t.store);
    await t.store.mail.append(t.u.id, t.inbox, [keep, drop]);
    await t.store.mail.remove(t.u.id, t.inbox, [{ start: 2, end: 2 }]);
    // Young files are protected (a delivery may be about to reference them).
    assert.equal(await t.store.blobs.collectGarbage(), 0);
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const id of [keep.blob.id, drop.blob.id]) {
      const p = join(t.dir, 'blobs', id.slice(0, 2), id.slice(2, 4), id);
      await utimes(p, old, old);
    }
    const staleTemp = join(t.store.blobs.tempDir(), 'stale');
    await writeFile(staleTemp, 'x');
    await utimes(staleTemp, old, old);
    assert.equal(await t.store.blobs.collectGarbage(), 1);
    assert.ok(await t.store.blobs.exists(keep.blob.id));
    assert.ok(!(await t.store.blobs.exists(drop.blob.id)));
    assert.equal(await t.store.mail.blobMeta(drop.blob.id), null);
    await assert.rejects(stat(staleTemp));
    // The FTS index forgot it too: searching its body finds nothing, the kept one still found.
    assert.deepEqual(await t.store.mail.search(t.inbox, { k: 'text', where: 'body', value: 'Body of' }), [1]);
  } finally {
    await t.cleanup();
  }
});

test('check() recounts broken counters; findMissingBodies() reports missing bodies without deleting', async () => {
  const t = await setup();
  try {
    const a = await newMessage(t.store, {}, ['\\Seen']);
    const b = await newMessage(t.store);
    // A body kept in the database has no file to miss.
    const c = buildMessage();
    const inline = { blob: c.meta, body: c.raw, flags: ['\\Seen'], internalDate: new Date(), threadId: null };
    await t.store.mail.append(t.u.id, t.inbox, [a, b, inline]);
    assert.deepEqual((await t.store.check()).repaired, []);
    await t.store.close();

    const db = new Database(join(t.dir, 'store.db'));
    db.prepare("UPDATE mailboxes SET messages = 7, unseen = 0, size = 1 WHERE name = 'INBOX'").run();
    db.prepare('UPDATE users SET used_messages = 99').run();
    db.close();
    await unlink(join(t.dir, 'blobs', b.blob.id.slice(0, 2), b.blob.id.slice(2, 4), b.blob.id));

    const store = await openSqliteStore(t.dir);
    try {
      const r = await store.check();
      assert.ok(
        r.repaired.some((x) => x.startsWith('recounted mailbox INBOX')),
        r.repaired.join('\n'),
      );
      assert.ok(r.repaired.some((x) => x.startsWith('recounted usage of a@example.test')));
      const missing = await store.findMissingBodies();
      assert.ok(
        missing.some((x) => x.startsWith(`MISSING BODY ${b.blob.id}`) && x.includes('INBOX uid 2')),
        missing.join('\n'),
      );
      assert.equal(missing.length, 1);
      const box = (await store.mail.getMailbox(t.u.id, 'INBOX'))!;
      assert.equal(box.messages, 3);
      assert.equal(box.unseen, 1);
      assert.equal(box.size, a.blob.size + b.blob.size + c.meta.size);
      assert.equal((await store.accounts.getUsage(t.u.id)).messages, 3);
      assert.equal((await store.mail.uids(box.id)).length, 3, 'the message is kept');
      assert.deepEqual((await store.check()).repaired, []);
      assert.equal((await store.findMissingBodies()).length, 1, 'still reported, never deleted');
    } finally {
      await store.close();
    }
  } finally {
    await rm(t.dir, { recursive: true, force: true });
  }
});

test('search pages through large mailboxes in windows and stays exact', async () => {
  const t = await setup();
  try {
    const m = await newMessage(t.store);
    const batch = Array.from({ length: 12_345 }, (_, i) => ({
      ...m,
      flags: i % 7 === 0 ? ['\\Flagged'] : [],
    }));
    for (let i = 0; i < batch.length; i += 2000)
      await t.store.mail.append(t.u.id, t.inbox, batch.slice(i, i + 2000));
    await t.store.mail.remove(t.u.id, t.inbox, [{ start: 5000, end: 5100 }]);
    const got = await t.store.mail.search(t.inbox, { k: 'flag', flag: '\\Flagged', set: true });
    const want: number[] = [];
    for (let uid = 1; uid <= 12_345; uid++)
      if ((uid - 1) % 7 === 0 && (uid < 5000 || uid > 5100)) want.push(uid);
    assert.deepEqual(got, want);
    const uids = await t.store.mail.uids(t.inbox);
    assert.equal(uids.length, 12_345 - 101);
    const page = await t.store.mail.messages(t.inbox, [{ start: 4990, end: 6000 }], 20);
    assert.deepEqual(
      page.map((x) => x.uid),
      [
        4990, 4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5101, 5102, 5103, 5104, 5105, 5106, 5107,
        5108, 5109, 5110,
      ],
    );
    const r = await t.store.mail.setFlags(t.u.id, t.inbox, ALL, 'add', ['\\Seen']);
    assert.equal(r.changed.length, uids.length);
    assert.equal((await t.store.mail.getMailboxById(t.inbox))!.unseen, 0);
  } finally {
    await t.cleanup();
  }
});

test('long texts: indexed in part, the tail still found; the index stays consistent after GC', async () => {
  const t = await setup();
  try {
    const long = `${'lorem ipsum dolor sit amet '.repeat(3000)}needle-at-the-end\r\n`;
    const a = await newMessage(t.store, { body: long });
    const b = await newMessage(t.store, { body: 'short needle-at-the-end\r\n' });
    const c = await newMessage(t.store, { body: 'nothing here\r\n' });
    await t.store.mail.append(t.u.id, t.inbox, [a, b, c]);
    assert.deepEqual(
      await t.store.mail.search(t.inbox, { k: 'text', where: 'body', value: 'NEEDLE-at-the-END' }),
      [1, 2],
    );
    assert.deepEqual(
      await t.store.mail.search(t.inbox, { k: 'text', where: 'text', value: 'needle-at' }),
      [1, 2],
    );
    assert.deepEqual(await t.store.mail.search(t.inbox, { k: 'text', where: 'body', value: 'lorem' }), [1]);
    // Restricted to a few UIDs (live searches), each row is tested alone: same answers.
    const needle = { k: 'text', where: 'text', value: 'needle-at' } as const;
    assert.deepEqual(await t.store.mail.search(t.inbox, needle, [{ start: 1, end: 1 }]), [1]);
    assert.deepEqual(await t.store.mail.search(t.inbox, needle, [{ start: 2, end: 3 }]), [2]);
    assert.deepEqual(
      await t.store.mail.search(t.inbox, { k: 'header', name: 'subject', value: 'xyz' }, [
        { start: 1, end: 3 },
      ]),
      [],
    );
    await t.store.mail.remove(t.u.id, t.inbox, [{ start: 1, end: 1 }]);
    await t.store.blobs.collectGarbage();
    assert.equal(await t.store.mail.blobMeta(a.blob.id), null);
    t.store.indexPendingText();
    await t.store.close();
    // rank 1: the index also agrees with the blobs table, row for row.
    const db = new Database(join(t.dir, 'store.db'));
    try {
      db.prepare("INSERT INTO blob_text (blob_text, rank) VALUES ('integrity-check', 1)").run();
    } finally {
      db.close();
    }
  } finally {
    await rm(t.dir, { recursive: true, force: true });
  }
});

test('a body reused by a new delivery survives garbage collection', async () => {
  const t = await setup();
  try {
    const m = await newMessage(t.store, {
      subject: 'r',
      body: 'reused\r\n',
      messageId: 'r@x',
      date: new Date(0),
    });
    await t.store.mail.append(t.u.id, t.inbox, [m]);
    await t.store.mail.remove(t.u.id, t.inbox, ALL);
    const p = join(t.dir, 'blobs', m.blob.id.slice(0, 2), m.blob.id.slice(2, 4), m.blob.id);
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(p, old, old);
    // The same bytes arrive again: commitTemp refreshes the old file instead of writing it.
    const again = await newMessage(t.store, {
      subject: 'r',
      body: 'reused\r\n',
      messageId: 'r@x',
      date: new Date(0),
    });
    assert.equal(again.blob.id, m.blob.id);
    assert.equal(await t.store.blobs.collectGarbage(), 0, 'touched by commitTemp: kept');
    await t.store.mail.append(t.u.id, t.inbox, [again]);
    assert.deepEqual(await t.store.blobs.readBuffer(m.blob.id), again.raw);
    assert.deepEqual(await readdir(t.store.blobs.tempDir()), []);
  } finally {
    await t.cleanup();
  }
});

test("a file left under a body's name with no row naming it is replaced, never trusted", async () => {
  const t = await setup();
  try {
    const m = { subject: 'left over', body: 'the real bytes\r\n', messageId: 'left@over.test' };
    const { raw, meta } = buildMessage(m);
    const file = join(t.dir, 'blobs', meta.id.slice(0, 2), meta.id.slice(2, 4), meta.id);
    // What a crash between link(2) and fsync can leave: the name, not the bytes.
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, raw.subarray(0, 10));
    await putBlob(t.store, raw, meta.id);
    assert.ok((await readFile(file)).equals(raw));
    assert.ok((await t.store.blobs.readBuffer(meta.id)).equals(raw));
    // Stored again once a row names it: the file is kept as it is, the new copy dropped.
    const again = await newMessage(t.store, m);
    assert.equal(again.blob.id, meta.id);
    await t.store.mail.append(t.u.id, t.inbox, [again]);
    const before = (await stat(file)).ino;
    await putBlob(t.store, raw, meta.id);
    assert.equal((await stat(file)).ino, before);
    assert.deepEqual(
      (await readdir(join(t.dir, 'blobs', 'tmp'))).filter((n) => !n.startsWith('.')),
      [],
      'no temp file left',
    );
  } finally {
    await t.cleanup();
  }
});

/** A core over a fresh store, with a user and its INBOX, for the tests of bodies below. */
async function withCore(
  fn: (c: {
    core: MailCore;
    dir: string;
    store: SqliteStore;
    userId: number;
    inbox: number;
  }) => Promise<void>,
): Promise<void> {
  const t = await tempStore();
  try {
    const core = createCore({ store: t.store, limits: {} });
    const u = await core.accounts.createUser('a@example.test', 'h');
    const inbox = await core.mailboxes.require(u.id, 'INBOX');
    await fn({ core, dir: t.dir, store: t.store, userId: u.id, inbox: inbox.id });
  } finally {
    await t.cleanup();
  }
}

/** Runs `fn` on a read-only connection of its own to the store's database. */
function inDb<T>(dir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'store.db'), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const inlineLengths = (db: Database.Database) =>
  db.prepare('SELECT length(body) FROM blob_bodies').pluck().all();

test('APPEND keeps a small body in store.db with its row and a big one as a file; both are collected', () =>
  withCore(async ({ core, dir, store, userId, inbox }) => {
    const small = Buffer.from(`Subject: small\r\n\r\n${'s'.repeat(1000)}\r\n`);
    const big = Buffer.from(`Subject: big\r\n\r\n${'b'.repeat(70 * 1024)}\r\n`);
    await core.messages.appendMany(userId, inbox, [{ source: [small] }, { source: [big] }]);
    const bodies = () =>
      inDb(dir, (db) => {
        // The index of bodies kept as files (findMissingBodies walks it) names only the big one.
        const files = db
          .prepare('SELECT size FROM blobs INDEXED BY blobs_body_files WHERE body_inline = 0')
          .pluck();
        assert.deepEqual(files.all(), db.prepare('SELECT size FROM blobs WHERE size > 65536').pluck().all());
        return inlineLengths(db);
      });
    assert.deepEqual(bodies(), [small.length]);
    assert.equal(await countFiles(join(dir, 'blobs')), 1, 'only the big body is a file');
    const [a, b] = await core.messages.list(inbox);
    assert.deepEqual(await core.messages.readBodyBuffer(a!), small);
    assert.deepEqual(await core.messages.readBodyBuffer(a!, 18, 30), small.subarray(18, 30));
    assert.deepEqual(await core.messages.readBodyBuffer(b!), big);
    await core.messages.remove(userId, inbox, ALL);
    await store.blobs.collectGarbage();
    assert.deepEqual(bodies(), [], 'the body row goes with its blob row');
  }));

test('blob id windows cover every blob row once, in order', async () => {
  const t = await setup();
  try {
    const ms = [];
    for (let i = 0; i < 7; i++) ms.push(await newMessage(t.store));
    await t.store.mail.append(t.u.id, t.inbox, ms);
    const s = openDb(join(t.dir, 'store.db'));
    try {
      const ids = ms.map((m) => m.blob.id).sort();
      for (const size of [1, 3, 7, 8]) {
        const seen: string[] = [];
        let windows = 0;
        for (const w of blobIdWindows(s, size)) {
          windows++;
          const rows = s
            .stmt('SELECT id FROM blobs WHERE id > ? AND id <= ? ORDER BY id')
            .pluck()
            .all(w.after, w.upper) as string[];
          assert.ok(rows.length <= size);
          seen.push(...rows);
        }
        assert.deepEqual(seen, ids, `windows of ${size}`);
        assert.equal(windows, Math.floor(7 / size) + 1, `windows of ${size}`);
      }
    } finally {
      s.close();
    }
  } finally {
    await t.cleanup();
  }
});

test('a MULTIAPPEND holds at most INLINE_BUDGET of bodies in memory; the rest become files', () =>
  withCore(async ({ core, dir, userId, inbox }) => {
    const size = 60_000;
    const n = Math.ceil(INLINE_BUDGET / size) + 10;
    const raw = (i: number) => Buffer.from(`Subject: m${i}\r\n\r\n${String(i).padEnd(size - 20, '.')}\r\n`);
    await core.messages.appendMany(
      userId,
      inbox,
      Array.from({ length: n }, (_, i) => ({ source: [raw(i)] })),
    );
    const inline = inDb(dir, (db) => db.prepare('SELECT count(*) FROM blob_bodies').pluck().get() as number);
    assert.equal(
      inline,
      Math.ceil(INLINE_BUDGET / raw(0).length),
      'bodies kept inline until the budget is spent',
    );
    assert.equal(await countFiles(join(dir, 'blobs')), n - inline);
    const list = await core.messages.list(inbox);
    assert.equal(list.length, n);
    for (const [i, m] of list.entries()) assert.deepEqual(await core.messages.readBodyBuffer(m), raw(i));
  }));

test('APPEND into \\Sent (through the Sent-copy deduper) keeps a small body in store.db too', () =>
  withCore(async ({ core, dir, userId }) => {
    const sent = (await core.mailboxes.bySpecialUse(userId, '\\Sent'))!;
    const raw = Buffer.from('Message-ID: <s1@x>\r\nSubject: sent\r\n\r\nhello\r\n');
    const [a, b] = await core.sentCopies.appendAllOnce(userId, sent, [{ source: [raw] }, { source: [raw] }]);
    assert.equal(b!.duplicate, true);
    assert.equal(b!.uid, a!.uid);
    assert.deepEqual(inDb(dir, inlineLengths), [raw.length]);
    assert.equal(await countFiles(join(dir, 'blobs')), 0);
    const [m] = await core.messages.list(sent.id);
    assert.deepEqual(await core.messages.readBodyBuffer(m!), raw);
  }));
