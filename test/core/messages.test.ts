import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';
import { isMailError } from '../../src/core/errors.js';
import type { MailChange } from '../../src/store/types.js';
import { chunks, tempCore } from './helpers.js';

const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

test('append, read back byte ranges, flags, change feed', async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    const inbox = await t.core.mailboxes.require(u.id, 'inbox');
    const seen: MailChange[] = [];
    const off = t.core.subscribe(u.id, (c) => seen.push(c));
    const r = await t.core.messages.append(u.id, inbox.id, {
      source: chunks('Subject: one\n\nhello\n'),
      flags: ['\\Seen', 'Work'],
      internalDate: new Date(Date.UTC(2024, 4, 1)),
    });
    assert.equal(r.uid, 1);
    assert.equal(r.uidValidity, inbox.uidValidity);
    const [m] = await t.core.messages.list(inbox.id);
    assert.deepEqual(m!.flags, ['\\Seen', 'Work']);
    assert.equal(m!.internalDate.toISOString(), '2024-05-01T00:00:00.000Z');
    assert.equal(await text(t.core.messages.readBody(m!)), 'Subject: one\r\n\r\nhello\r\n');
    assert.equal(await text(t.core.messages.readBody(m!, 14, 19)), '\r\nhel');
    await assert.rejects(
      t.core.messages.append(u.id, inbox.id, { source: chunks('x'), flags: ['\\Recent'] }),
      (e) => isMailError(e, 'Invalid'),
    );
    await assert.rejects(t.core.messages.setFlags(u.id, inbox.id, ALL, 'add', ['bad(kw']), (e) =>
      isMailError(e, 'Invalid'),
    );
    await t.core.messages.setFlags(u.id, inbox.id, ALL, 'add', ['\\Flagged']);
    off();
    assert.deepEqual(
      seen.map((c) => c.type),
      ['append', 'flags'],
    );
  } finally {
    await t.cleanup();
  }
});

test('MULTIAPPEND is all or nothing (quota)', async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    await t.core.accounts.setQuota('alice@example.test', null, 2);
    const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
    await assert.rejects(
      t.core.messages.appendMany(u.id, inbox.id, [
        { source: chunks('Subject: a\r\n\r\n1') },
        { source: chunks('Subject: b\r\n\r\n2') },
        { source: chunks('Subject: c\r\n\r\n3') },
      ]),
      (e) => isMailError(e, 'OverQuota'),
    );
    assert.equal((await t.core.messages.uids(inbox.id)).length, 0);
    const r = await t.core.messages.appendMany(u.id, inbox.id, [
      { source: chunks('Subject: a\r\n\r\n1') },
      { source: chunks('Subject: b\r\n\r\n2') },
    ]);
    assert.deepEqual(
      r.map((x) => x.uid),
      [1, 2],
    );
  } finally {
    await t.cleanup();
  }
});

test('threading at append: replies join the thread of what they refer to', async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
    const sent = await t.core.mailboxes.require(u.id, 'Sent');
    await t.core.messages.append(u.id, sent.id, { source: chunks('Message-ID: <root@x>\r\n\r\nq') });
    await t.core.messages.append(u.id, inbox.id, {
      source: chunks('Message-ID: <r1@x>\r\nIn-Reply-To: <root@x>\r\n\r\na'),
    });
    await t.core.messages.append(u.id, inbox.id, {
      source: chunks('Message-ID: <r2@x>\r\nReferences: <root@x> <r1@x>\r\n\r\nb'),
    });
    await t.core.messages.append(u.id, inbox.id, { source: chunks('Message-ID: <other@x>\r\n\r\nc') });
    const [root] = await t.core.messages.list(sent.id);
    const msgs = await t.core.messages.list(inbox.id);
    assert.equal(msgs[0]!.threadId, root!.threadId);
    assert.equal(msgs[1]!.threadId, root!.threadId);
    assert.notEqual(msgs[2]!.threadId, root!.threadId);
  } finally {
    await t.cleanup();
  }
});

test("expunge honours expungeMode 'trash'", async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
    const trash = await t.core.mailboxes.require(u.id, 'Trash');
    for (let i = 0; i < 3; i++)
      await t.core.messages.append(u.id, inbox.id, {
        source: chunks(`Subject: ${i}\r\n\r\nx`),
        flags: i === 1 ? [] : ['\\Deleted'],
      });
    // default 'delete': gone for good
    assert.deepEqual((await t.core.messages.expunge(u.id, inbox.id, [{ start: 1, end: 1 }])).uids, [1]);
    assert.equal((await t.core.mailboxes.require(u.id, 'Trash')).messages, 0);
    await t.core.accounts.updateSettings(u.id, { expungeMode: 'trash' });
    const r = await t.core.messages.expunge(u.id, inbox.id);
    assert.deepEqual(r.uids, [3]);
    assert.deepEqual([...(await t.core.messages.uids(inbox.id))], [2]);
    const inTrash = await t.core.messages.list(trash.id);
    assert.equal(inTrash.length, 1);
    assert.deepEqual(inTrash[0]!.flags, []);
    // in Trash itself, expunge deletes
    await t.core.messages.setFlags(u.id, trash.id, ALL, 'add', ['\\Deleted']);
    assert.equal((await t.core.messages.expunge(u.id, trash.id)).uids.length, 1);
    assert.equal((await t.core.mailboxes.require(u.id, 'Trash')).messages, 0);
  } finally {
    await t.cleanup();
  }
});

test('mailboxes: INBOX rules for rename and delete, names normalised', async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
    await t.core.mailboxes.create(u.id, 'inbox/Sub/');
    assert.ok(await t.core.mailboxes.get(u.id, 'INBOX/Sub'));
    for (let i = 0; i < 3; i++)
      await t.core.messages.append(u.id, inbox.id, { source: chunks(`Subject: ${i}\r\n\r\nx`) });
    await t.core.mailboxes.rename(u.id, 'Inbox', 'Old Inbox');
    const old = await t.core.mailboxes.require(u.id, 'Old Inbox');
    assert.equal(old.messages, 3);
    const after = await t.core.mailboxes.require(u.id, 'INBOX');
    assert.equal(after.id, inbox.id);
    assert.equal(after.messages, 0);
    assert.ok(await t.core.mailboxes.get(u.id, 'INBOX/Sub'), 'children of INBOX stay');
    await assert.rejects(t.core.mailboxes.delete(u.id, 'inbox'), (e) => isMailError(e, 'NoPermission'));
    await assert.rejects(t.core.mailboxes.rename(u.id, 'Old Inbox', 'INBOX'), (e) =>
      isMailError(e, 'AlreadyExists'),
    );
    for (const bad of ['', 'a//b', '/a', 'a*b', 'a%', 'x\u0001'])
      await assert.rejects(
        t.core.mailboxes.create(u.id, bad),
        (e) => isMailError(e, 'Invalid'),
        JSON.stringify(bad),
      );
    await t.core.mailboxes.subscribe(u.id, 'Nowhere');
    assert.ok((await t.core.mailboxes.listSubscriptions(u.id)).includes('Nowhere'));
    await t.core.mailboxes.unsubscribe(u.id, 'Nowhere');
    assert.equal((await t.core.mailboxes.bySpecialUse(u.id, '\\Trash'))?.name, 'Trash');
  } finally {
    await t.cleanup();
  }
});

test('pages() and flagPages() walk every message in the ranges exactly once', async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
    for (let i = 0; i < 25; i++)
      await t.core.messages.append(u.id, inbox.id, {
        source: chunks(`Subject: ${i}\r\n\r\nx`),
        flags: i % 4 ? [] : ['\\Seen'],
      });
    const ranges = [
      { start: 20, end: Number.POSITIVE_INFINITY },
      { start: 9, end: 3 },
      { start: 12, end: 12 },
    ];
    const want = [3, 4, 5, 6, 7, 8, 9, 12, 20, 21, 22, 23, 24, 25];
    const got: number[] = [];
    for await (const page of t.core.messages.pages(inbox.id, ranges, 4)) {
      assert.ok(page.length <= 4);
      got.push(...page.map((m) => m.uid));
    }
    assert.deepEqual(got, want);
    const flags: number[] = [];
    let seen = 0;
    for await (const page of t.core.messages.flagPages(inbox.id, ranges, 3)) {
      flags.push(...page.map((m) => m.uid));
      seen += page.filter((m) => m.flags.includes('\\Seen')).length;
    }
    assert.deepEqual(flags, want);
    assert.equal(seen, want.filter((uid) => (uid - 1) % 4 === 0).length);
  } finally {
    await t.cleanup();
  }
});

test('a STORE over more UIDs than one window still changes each message once', async () => {
  const t = await tempCore();
  try {
    const u = await t.core.accounts.createUser('alice@example.test', 'h');
    const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
    const raw = 'Subject: bulk\r\n\r\nx';
    const i = await t.core.messages.ingest([raw]);
    const n = 12_000;
    for (let k = 0; k < n; k += 4000)
      await t.store.mail.append(
        u.id,
        inbox.id,
        Array.from({ length: 4000 }, () => ({
          blob: i.meta,
          flags: [],
          internalDate: new Date(),
          threadId: null,
        })),
      );
    const r = await t.core.messages.setFlags(u.id, inbox.id, ALL, 'add', ['\\Seen']);
    assert.equal(r.changed.length, n);
    assert.equal(new Set(r.changed.map((c) => c.uid)).size, n);
    assert.equal((await t.core.mailboxes.require(u.id, 'INBOX')).unseen, 0);
    const other = await t.core.accounts.createUser('bob@example.test', 'h');
    await assert.rejects(t.core.messages.setFlags(other.id, inbox.id, ALL, 'add', ['\\Seen']), (e) =>
      isMailError(e, 'NotFound'),
    );
  } finally {
    await t.cleanup();
  }
});
