// Contract: URLAUTH mailbox access keys (RFC 4467 §2.4, §7.1 RESETKEY).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MakeStore, makeUser, rejectsCode } from './helpers.js';

export function urlAuthContract(make: MakeStore): void {
  test('urlauth keys: first key wins, per mailbox, reset one or all, gone with the mailbox', async () => {
    const { store, cleanup } = await make();
    try {
      const keys = store.urlAuthKeys;
      if (!keys) return; // optional part of the contract
      const u = await makeUser(store);
      const other = await makeUser(store);
      const inbox = (await store.mail.getMailbox(u.id, 'INBOX'))!;
      const trash = (await store.mail.getMailbox(u.id, 'Trash'))!;
      assert.equal(await keys.getUrlAuthKey(u.id, inbox.id), null);
      const k1 = Buffer.alloc(32, 1);
      assert.deepEqual(await keys.ensureUrlAuthKey(u.id, inbox.id, k1), k1);
      // A second generation keeps the first key (two sessions agree).
      assert.deepEqual(await keys.ensureUrlAuthKey(u.id, inbox.id, Buffer.alloc(32, 2)), k1);
      assert.deepEqual(await keys.getUrlAuthKey(u.id, inbox.id), k1);
      await keys.ensureUrlAuthKey(u.id, trash.id, Buffer.alloc(32, 3));
      // Another user's mailbox cannot get a key under this user.
      const theirs = (await store.mail.getMailbox(other.id, 'INBOX'))!;
      await rejectsCode(keys.ensureUrlAuthKey(u.id, theirs.id, k1), 'NotFound');
      await keys.ensureUrlAuthKey(other.id, theirs.id, Buffer.alloc(32, 4));

      assert.equal(await keys.deleteUrlAuthKeys(u.id, inbox.id), 1);
      assert.equal(await keys.getUrlAuthKey(u.id, inbox.id), null);
      assert.deepEqual(await keys.getUrlAuthKey(u.id, trash.id), Buffer.alloc(32, 3));
      await keys.ensureUrlAuthKey(u.id, inbox.id, Buffer.alloc(32, 5));
      assert.equal(await keys.deleteUrlAuthKeys(u.id), 2);
      assert.equal(await keys.getUrlAuthKey(u.id, trash.id), null);
      assert.deepEqual(
        await keys.getUrlAuthKey(other.id, theirs.id),
        Buffer.alloc(32, 4),
        'other users keep theirs',
      );

      const box = await store.mail.createMailbox(u.id, 'Tmp', null, false);
      await keys.ensureUrlAuthKey(u.id, box.id, Buffer.alloc(32, 6));
      await store.mail.deleteMailbox(u.id, 'Tmp');
      const again = await store.mail.createMailbox(u.id, 'Tmp', null, false);
      assert.equal(await keys.getUrlAuthKey(u.id, box.id), null, 'deleted with the mailbox');
      assert.equal(await keys.getUrlAuthKey(u.id, again.id), null, 'a recreated mailbox has no key');
    } finally {
      await cleanup();
    }
  });
}
