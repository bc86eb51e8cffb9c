// The store's background thread (src/store-sqlite/background.ts): it checkpoints the WAL
// into the database file while the store is open, so no commit on the server's thread
// has to (a handful of appends is far below SQLite's own 1,000-page trigger), and it
// indexes new bodies under a steady stream of appends from the server's thread.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { mailboxId, makeUser, newMessage } from '../../src/store/contract/helpers.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { dbCounts, inDataDir } from './data-dir.js';

const mtime = (file: string) => statSync(file, { bigint: true }).mtimeNs;

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the WAL is checkpointed into the database file in the background', () =>
  inDataDir(async (dir) => {
    const store = await openSqliteStore(dir);
    try {
      const file = join(dir, 'store.db');
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const before = mtime(file);
      await store.mail.append(u.id, inbox, [await newMessage(store, { body: 'checkpoint me\r\n' })]);
      // In WAL mode only a checkpoint writes the database file itself.
      await waitFor('a checkpoint', () => mtime(file) !== before);
    } finally {
      await store.close();
    }
  }));

test('bodies appended in a steady stream are all indexed, and searchable throughout', () =>
  inDataDir(async (dir) => {
    const store = await openSqliteStore(dir, { textIndexDelayMs: 0 });
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      for (let i = 0; i < 60; i++) {
        await store.mail.append(u.id, inbox, [
          await newMessage(store, { body: `stream body ${i} w${i}x\r\n` }),
        ]);
        if (i % 20 === 19)
          assert.deepEqual(
            await store.mail.search(inbox, { k: 'text', where: 'body', value: `w${i - 5}x` }),
            [i - 4],
          );
      }
      await waitFor('the indexer', () => dbCounts(dir).pending === 0);
      assert.deepEqual(await store.mail.search(inbox, { k: 'text', where: 'body', value: 'w37x' }), [38]);
    } finally {
      await store.close();
    }
  }));

test('a failing background step is reported to onBackgroundError', () =>
  inDataDir(async (dir) => {
    const errors: unknown[] = [];
    const store = await openSqliteStore(dir, {
      textIndexDelayMs: 0,
      onBackgroundError: (e) => errors.push(e),
    });
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      // The index's table gone (as another program might do it): every batch fails.
      const db = new Database(join(dir, 'store.db'));
      db.exec('DROP TABLE blob_text');
      db.close();
      await store.mail.append(u.id, inbox, [await newMessage(store, { body: 'cannot be indexed\r\n' })]);
      await waitFor('an error report', () => errors.length > 0);
      assert.match(String(errors[0]), /store background: .*blob_text/);
    } finally {
      await store.close();
    }
  }));

test('unused blob rows are deleted on the thread, also while appends go on, and close() ends a collection', () =>
  inDataDir(async (dir) => {
    const store = await openSqliteStore(dir, { textIndexDelayMs: 0 });
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const batch = async (n: number, tag: string) => {
        const ms = [];
        for (let i = 0; i < n; i++)
          ms.push(await newMessage(store, { body: `${tag} ${i} ${'x'.repeat(3000)}\r\n` }));
        await store.mail.append(u.id, inbox, ms);
      };
      await batch(120, 'gone');
      await waitFor('the indexer', () => dbCounts(dir).pending === 0);
      await store.mail.remove(u.id, inbox, [{ start: 1, end: Number.POSITIVE_INFINITY }]);
      const gc = store.blobs.collectGarbage();
      await batch(30, 'kept'); // writes from this thread while the collection runs
      await gc;
      const db = new Database(join(dir, 'store.db'), { readonly: true });
      try {
        assert.equal(db.prepare('SELECT count(*) FROM blobs').pluck().get(), 30);
      } finally {
        db.close();
      }
      assert.equal((await store.mail.search(inbox, { k: 'text', where: 'body', value: 'gone 7' })).length, 0);
      await waitFor('the indexer', () => dbCounts(dir).pending === 0);
      assert.equal(dbCounts(dir).indexed, 30);
      // Many orphans again, and the store closed while they are being deleted.
      await store.mail.remove(u.id, inbox, [{ start: 1, end: Number.POSITIVE_INFINITY }]);
      const late = store.blobs.collectGarbage().then(
        () => 'done',
        (e: Error) => e.message,
      );
      await store.close();
      assert.match(await late, /done|exited|closed/);
    } finally {
      await store.close().catch(() => {});
    }
  }));
