// Contract: bodies handed to append with their message (NewMessage.body) instead of
// through commitTemp, for stores that keep small bodies with the rows (inlineMax > 0).
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';

const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

import { buildMessage, type MakeStore, mailboxId, makeUser, putBlob, rejectsCode } from './helpers.js';

export function bodyContract(make: MakeStore): void {
  test('a body given with its message is stored with it, shared by copies, and collected with the last one', async (t) => {
    const { store, cleanup, reopen } = await make();
    try {
      const { raw, meta } = buildMessage({ body: `${'0123456789'.repeat(30)}\r\n` });
      if (store.blobs.inlineMax < raw.length) return t.skip('this store keeps no body inline');
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const msg = { blob: meta, body: raw, flags: [], internalDate: new Date(), threadId: null };
      await store.mail.append(u.id, inbox, [msg]);
      const id = meta.id;
      assert.ok(await store.blobs.exists(id));
      assert.deepEqual(await store.blobs.readBuffer(id), raw);
      assert.deepEqual(await store.blobs.readBuffer(id, 0, 1), raw.subarray(0, 1));
      assert.deepEqual(await store.blobs.readBuffer(id, 7, 200), raw.subarray(7, 200));
      assert.deepEqual(await store.blobs.readBuffer(id, raw.length - 3), raw.subarray(-3));
      assert.deepEqual(await store.blobs.readBuffer(id, raw.length - 2, raw.length + 50), raw.subarray(-2));
      assert.equal((await store.blobs.readBuffer(id, 5, 5)).length, 0);
      assert.equal((await store.blobs.readBuffer(id, raw.length + 5, raw.length + 9)).length, 0);
      assert.equal(await text(store.blobs.read(id)), raw.toString());
      assert.equal(await text(store.blobs.read(id, 2, 6)), raw.subarray(2, 6).toString());
      assert.equal(await text(store.blobs.read(id, 300)), raw.subarray(300).toString());
      // Durable with its row: another handle on the same data reads it.
      if (reopen) assert.deepEqual(await (await reopen()).blobs.readBuffer(id), raw);

      // The same bytes again (with or without a body) share the stored one.
      await store.mail.append(u.id, inbox, [{ ...msg, body: Buffer.from(raw) }]);
      await store.mail.append(u.id, inbox, [{ ...msg, body: undefined }]);
      await store.mail.remove(u.id, inbox, [{ start: 1, end: 2 }]);
      await store.blobs.collectGarbage();
      assert.deepEqual(await store.blobs.readBuffer(id, 10, 20), raw.subarray(10, 20));
      await store.mail.remove(u.id, inbox, ALL);
      await store.blobs.collectGarbage();
      assert.equal(await store.blobs.exists(id), false);
      await rejectsCode(store.blobs.readBuffer(id), 'NotFound');
      await rejectsCode(store.blobs.readBuffer(id, 0, 10), 'NotFound');
    } finally {
      await cleanup();
    }
  });

  test('a body already committed as a file is kept when the same bytes come with a message', async (t) => {
    const { store, cleanup } = await make();
    try {
      const { raw, meta } = buildMessage();
      if (store.blobs.inlineMax < raw.length) return t.skip('this store keeps no body inline');
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const base = { blob: meta, flags: [], internalDate: new Date(), threadId: null };
      await putBlob(store, raw, meta.id);
      await store.mail.append(u.id, inbox, [base]);
      await store.mail.append(u.id, inbox, [{ ...base, body: raw }]);
      await store.mail.remove(u.id, inbox, [{ start: 1, end: 1 }]);
      await store.blobs.collectGarbage();
      assert.deepEqual(await store.blobs.readBuffer(meta.id), raw);
      // And the other way: a body stored inline, then the same bytes committed as a file
      // (the outbound queue's path) and queued: both reads give the bytes.
      const other = buildMessage();
      await store.mail.append(u.id, inbox, [{ ...base, blob: other.meta, body: other.raw }]);
      await putBlob(store, other.raw, other.meta.id);
      assert.deepEqual(await store.blobs.readBuffer(other.meta.id), other.raw);
    } finally {
      await cleanup();
    }
  });
}
