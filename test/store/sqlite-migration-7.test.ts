// Migration 7 on a store written by the previous schema: the address search columns, the
// Date: zone and the RFC 5256/5957 sort keys are recomputed from each blob's envelope.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createCore } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { tempStore } from '../core/helpers.js';

const RAW = [
  'From: "Zed Alpha" <zed@one.test>\r\nTo: team: a@x.test;\r\nDate: Sun, 25 Mar 2007 00:30:00 +0200\r\nSubject: one\r\n\r\nx\r\n',
  'From: amy@one.test\r\nTo: =?utf-8?q?B=C3=A9a?= <bea@x.test>\r\nBcc: secret@hidden.test\r\nSubject: two\r\n\r\ny\r\n',
];

test('migration 7 recomputes address texts, sort keys and Date: zones of existing blobs', async () => {
  const t = await tempStore();
  const dir = t.dir;
  try {
    // Every body a file, as the previous release stored them.
    await t.store.close();
    t.store = await openSqliteStore(dir, { inlineBodyMax: 0 });
    const core = createCore({ store: t.store });
    const user = await core.accounts.createUser('m7@example.test', '$scrypt$test');
    const inbox = await core.mailboxes.require(user.id, 'INBOX');
    for (const raw of RAW) await core.messages.append(user.id, inbox.id, { source: [raw] });
    await t.store.close();

    // Back to schema 6 as the previous release left it.
    const db = new Database(`${dir}/store.db`);
    for (const c of ['from_text', 'to_text', 'cc_text', 'bcc_text', 'sent_offset'])
      db.exec(`ALTER TABLE blobs DROP COLUMN ${c}`);
    db.exec("UPDATE blobs SET from_addr = 'zed@one.test', to_addr = 'a@x.test', to_display = 'a@x.test'");
    // ...and without migrations 8 (POP download dates, leases) and 9 (\Recent), which run again after 7.
    db.exec(
      'DROP TABLE leases; DROP INDEX pop_downloaded_at; ALTER TABLE pop_downloaded DROP COLUMN downloaded_at; ALTER TABLE mailboxes DROP COLUMN recent_uid; DROP TABLE urlauth_keys',
    );
    // ...and without migration 10 (DSN parameters of queued mail).
    for (const c of ['dsn_ret', 'dsn_envid']) db.exec(`ALTER TABLE queue_messages DROP COLUMN ${c}`);
    for (const c of ['notify', 'orcpt', 'delay_notified'])
      db.exec(`ALTER TABLE queue_recipients DROP COLUMN ${c}`);
    // ...and without migration 12 (the change journal replaced migration 5's account log).
    db.exec(
      'DROP TABLE change_journal; CREATE TABLE account_changes (seq INTEGER PRIMARY KEY, origin TEXT NOT NULL, user_id INTEGER NOT NULL, action TEXT NOT NULL, at INTEGER NOT NULL)',
    );
    // ...and without migration 13 (bodies indexed after their append).
    db.exec(
      'DROP INDEX blobs_text_unindexed; DROP INDEX blobs_text_pending; CREATE INDEX blobs_truncated ON blobs(rid) WHERE text_truncated = 1',
    );
    // ...and without migration 14 (small bodies in the database).
    db.exec('DROP TABLE blob_bodies; DROP INDEX blobs_body_files; ALTER TABLE blobs DROP COLUMN body_inline');
    db.pragma('user_version = 6');
    db.close();

    const store = await openSqliteStore(dir);
    try {
      const q = (field: 'from' | 'to' | 'bcc', value: string) =>
        store.mail.search(inbox.id, { k: 'address', field, value });
      assert.deepEqual(await q('from', 'zed alpha <'), [1]);
      assert.deepEqual(await q('to', 'team:'), [1]);
      assert.deepEqual(await q('to', 'béa'), [2]);
      assert.deepEqual(await q('bcc', 'secret@'), [2]);
      assert.deepEqual(
        await store.mail.search(inbox.id, { k: 'sentdate', op: 'on', date: '2007-03-25' }),
        [1],
      );
      const rec = (await store.mail.messages(inbox.id, [{ start: 1, end: 1 }], 1))[0]!;
      const meta = await store.mail.blobMeta(rec.blobId);
      assert.equal(meta?.from, 'zed');
      assert.equal(meta?.to, 'team');
      assert.equal(meta?.toDisplay, 'team');
      assert.equal(meta?.sentOffset, 120);
    } finally {
      await store.close();
    }
  } finally {
    await t.cleanup().catch(() => {});
  }
});
