// The trigram index is fed after the append commits (src/store-sqlite/text-indexer.ts):
// SEARCH gives the same answers before and after a body is indexed (ASCII, non-ASCII in
// another case, header, body, a long text's tail), a body collected before it was indexed
// leaves the index intact, and two processes on one data dir index each body once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { mailboxId, makeUser, newMessage } from '../../src/store/contract/helpers.js';
import type { SearchKey } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { dbCounts, inDataDir } from './data-dir.js';

/** Held bodies are never indexed in the background during a test. */
const HOLD = { textIndexDelayMs: 3_600_000 };

/** FTS5 integrity-check. rank 1: the index also agrees with the blobs table row for row,
 *  which a long text (indexed in part, by design) never does: rank 0 then. */
function integrityCheck(dir: string, rank = 1): void {
  const db = new Database(join(dir, 'store.db'));
  try {
    db.prepare("INSERT INTO blob_text (blob_text, rank) VALUES ('integrity-check', ?)").run(rank);
  } finally {
    db.close();
  }
}

const KEYS: SearchKey[] = [
  { k: 'text', where: 'text', value: 'needle' },
  { k: 'text', where: 'body', value: 'ärger' },
  { k: 'text', where: 'body', value: 'ÄRGER' },
  { k: 'text', where: 'text', value: 'ΩMEGA' },
  { k: 'text', where: 'body', value: 'tail-marker' },
  { k: 'text', where: 'text', value: 'Quarterly' },
  { k: 'header', name: 'subject', value: 'quarterly' },
  { k: 'text', where: 'body', value: 'nowhere-at-all' },
];

test('SEARCH answers the same before and after the bodies are indexed', () =>
  inDataDir(async (dir) => {
    const store = await openSqliteStore(dir, HOLD);
    const u = await makeUser(store);
    const inbox = await mailboxId(store, u.id, 'INBOX');
    const long = `${'lorem ipsum dolor sit amet '.repeat(3000)}tail-marker\r\n`;
    const bodies = [
      { subject: 'Quarterly report', body: 'the needle is here\r\n' },
      { subject: 'Ärger', body: 'Großer Ärger über Ωmega\r\n' },
      { subject: 'long one', body: long },
      { subject: 'plain', body: 'nothing to see\r\n' },
    ];
    for (const b of bodies) await store.mail.append(u.id, inbox, [await newMessage(store, b)]);
    assert.deepEqual(dbCounts(dir), { pending: 4, indexed: 0 }, 'nothing indexed yet');
    const before = await Promise.all(KEYS.map((k) => store.mail.search(inbox, k)));
    const rowwiseBefore = await Promise.all(
      KEYS.map((k) => store.mail.search(inbox, k, [{ start: 1, end: 4 }])),
    );
    assert.deepEqual(before, [[1], [2], [2], [2], [3], [1], [1], []]);
    assert.deepEqual(rowwiseBefore, before);

    assert.equal(store.indexPendingText(), 4);
    assert.deepEqual(dbCounts(dir), { pending: 0, indexed: 4 });
    assert.deepEqual(await Promise.all(KEYS.map((k) => store.mail.search(inbox, k))), before);
    assert.deepEqual(
      await Promise.all(KEYS.map((k) => store.mail.search(inbox, k, [{ start: 1, end: 4 }]))),
      before,
    );
    await store.close();
    integrityCheck(dir, 0);
  }));

test('a body collected before it was indexed leaves the index intact', () =>
  inDataDir(async (dir) => {
    const store = await openSqliteStore(dir, HOLD);
    const u = await makeUser(store);
    const inbox = await mailboxId(store, u.id, 'INBOX');
    await store.mail.append(u.id, inbox, [await newMessage(store, { body: 'indexed one\r\n' })]);
    store.indexPendingText();
    await store.mail.append(u.id, inbox, [await newMessage(store, { body: 'never indexed\r\n' })]);
    await store.mail.remove(u.id, inbox, [
      { start: 1, end: 1 },
      { start: 2, end: 2 },
    ]);
    await store.blobs.collectGarbage();
    assert.deepEqual(dbCounts(dir), { pending: 0, indexed: 0 });
    await store.close();
    integrityCheck(dir);
  }));

test('collecting many long indexed bodies takes several short transactions and keeps the index intact', () =>
  inDataDir(async (dir) => {
    const store = await openSqliteStore(dir, HOLD);
    const u = await makeUser(store);
    const inbox = await mailboxId(store, u.id, 'INBOX');
    // Six bodies of 30,000 characters: their index entries are deleted 64 KiB at a time.
    for (let i = 0; i < 6; i++)
      await store.mail.append(u.id, inbox, [
        await newMessage(store, { body: `${`word${i} `.repeat(5000).slice(0, 30_000)}\r\n` }),
      ]);
    await store.mail.append(u.id, inbox, [await newMessage(store, { body: 'kept body\r\n' })]);
    store.indexPendingText();
    assert.deepEqual(dbCounts(dir), { pending: 0, indexed: 7 });
    await store.mail.remove(u.id, inbox, [{ start: 1, end: 6 }]);
    await store.blobs.collectGarbage();
    assert.deepEqual(dbCounts(dir), { pending: 0, indexed: 1 });
    assert.deepEqual(await store.mail.search(inbox, { k: 'text', where: 'body', value: 'kept body' }), [7]);
    await store.close();
    integrityCheck(dir);
  }));

test('two stores on one data dir index each body once; the background indexer gets to it', () =>
  inDataDir(async (dir) => {
    const a = await openSqliteStore(dir, HOLD);
    const u = await makeUser(a);
    const inbox = await mailboxId(a, u.id, 'INBOX');
    for (let i = 0; i < 5; i++)
      await a.mail.append(u.id, inbox, [await newMessage(a, { body: `message ${i} word${i}\r\n` })]);
    // The second process indexes what the first left pending (at open, in the background).
    const b = await openSqliteStore(dir, { textIndexDelayMs: 0 });
    const deadline = Date.now() + 10_000;
    while (dbCounts(dir).pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(dbCounts(dir), { pending: 0, indexed: 5 });
    assert.equal(a.indexPendingText(), 0, 'nothing left for the first');
    assert.deepEqual(await a.mail.search(inbox, { k: 'text', where: 'body', value: 'word3' }), [4]);
    await a.close();
    await b.close();
    integrityCheck(dir);
  }));
