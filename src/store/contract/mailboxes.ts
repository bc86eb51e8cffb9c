// Contract: mailbox hierarchy, UIDVALIDITY, subscriptions, rename, delete, many folders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MakeStore, makeUser, newMessage, rejectsCode } from './helpers.js';

export function mailboxContract(make: MakeStore): void {
  test('create makes missing parents; duplicates are refused', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const m = await store.mail.createMailbox(u.id, 'a/b/c', null, true);
      assert.equal(m.name, 'a/b/c');
      assert.equal(m.uidNext, 1);
      assert.equal(m.messages, 0);
      assert.ok(m.highestModseq >= 1);
      const names = (await store.mail.listMailboxes(u.id)).map((x) => x.name);
      assert.deepEqual(names, ['INBOX', 'Trash', 'a', 'a/b', 'a/b/c']);
      assert.equal((await store.mail.getMailbox(u.id, 'a'))?.subscribed, false);
      assert.equal((await store.mail.getMailbox(u.id, 'a/b/c'))?.subscribed, true);
      await rejectsCode(store.mail.createMailbox(u.id, 'a/b', null, false), 'AlreadyExists');
      assert.equal((await store.mail.getMailboxById(m.id))?.name, 'a/b/c');
      assert.equal(await store.mail.getMailbox(u.id, 'nope'), null);
    } finally {
      await cleanup();
    }
  });

  test('UIDVALIDITY is unique and never reused after delete and recreate', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const v = new Set<number>();
      for (const b of await store.mail.listMailboxes(u.id)) v.add(b.uidValidity);
      for (let i = 0; i < 5; i++) {
        const m = await store.mail.createMailbox(u.id, 'X', null, false);
        assert.ok(!v.has(m.uidValidity), 'fresh UIDVALIDITY');
        assert.ok(m.uidValidity > 0 && m.uidValidity <= 0xffffffff);
        v.add(m.uidValidity);
        await store.mail.append(u.id, m.id, [await newMessage(store)]);
        await store.mail.deleteMailbox(u.id, 'X');
      }
      const again = await store.mail.createMailbox(u.id, 'X', null, false);
      assert.equal(again.uidNext, 1);
      assert.equal(again.messages, 0);
    } finally {
      await cleanup();
    }
  });

  test('subscriptions live apart from mailboxes and survive their deletion', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      await store.mail.createMailbox(u.id, 'Lists', null, true);
      await store.mail.setSubscribed(u.id, 'Ghost', true);
      assert.deepEqual(await store.mail.listSubscriptions(u.id), ['Ghost', 'INBOX', 'Lists', 'Trash']);
      await store.mail.deleteMailbox(u.id, 'Lists');
      assert.ok((await store.mail.listSubscriptions(u.id)).includes('Lists'));
      await store.mail.setSubscribed(u.id, 'Lists', false);
      await store.mail.setSubscribed(u.id, 'Lists', false);
      assert.ok(!(await store.mail.listSubscriptions(u.id)).includes('Lists'));
      await store.mail.createMailbox(u.id, 'Ghost', null, false);
      assert.equal((await store.mail.getMailbox(u.id, 'Ghost'))?.subscribed, true);
    } finally {
      await cleanup();
    }
  });

  test('rename moves children, keeps messages and UIDVALIDITY, creates parents', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const a = await store.mail.createMailbox(u.id, 'a', null, true);
      await store.mail.createMailbox(u.id, 'a/x', null, true);
      await store.mail.createMailbox(u.id, 'ab', null, false); // not a child of 'a'
      await store.mail.append(u.id, a.id, [await newMessage(store)]);
      await store.mail.renameMailbox(u.id, 'a', 'p/q');
      const names = (await store.mail.listMailboxes(u.id)).map((x) => x.name);
      assert.deepEqual(names, ['INBOX', 'Trash', 'ab', 'p', 'p/q', 'p/q/x']);
      const q = await store.mail.getMailbox(u.id, 'p/q');
      assert.equal(q?.id, a.id);
      assert.equal(q?.uidValidity, a.uidValidity);
      assert.equal(q?.messages, 1);
      const subs = await store.mail.listSubscriptions(u.id);
      assert.ok(subs.includes('p/q') && subs.includes('p/q/x') && !subs.includes('a'));
      await rejectsCode(store.mail.renameMailbox(u.id, 'a', 'z'), 'NotFound');
      await rejectsCode(store.mail.renameMailbox(u.id, 'ab', 'p'), 'AlreadyExists');
      await rejectsCode(store.mail.renameMailbox(u.id, 'ab', 'ab/c'), 'Invalid');
    } finally {
      await cleanup();
    }
  });

  test('delete leaves children and fixes usage', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const a = await store.mail.createMailbox(u.id, 'a', null, false);
      await store.mail.createMailbox(u.id, 'a/b', null, false);
      await store.mail.append(u.id, a.id, [await newMessage(store), await newMessage(store)]);
      assert.equal((await store.accounts.getUsage(u.id)).messages, 2);
      await store.mail.deleteMailbox(u.id, 'a');
      assert.deepEqual(await store.accounts.getUsage(u.id), { bytes: 0, messages: 0 });
      assert.ok(await store.mail.getMailbox(u.id, 'a/b'));
      await rejectsCode(store.mail.deleteMailbox(u.id, 'a'), 'NotFound');
      await rejectsCode(store.mail.uids(a.id), 'NotFound');
    } finally {
      await cleanup();
    }
  });

  test('10,000 folders: create and list stay fast', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const t0 = performance.now();
      for (let i = 0; i < 100; i++)
        for (let j = 0; j < 100; j++) await store.mail.createMailbox(u.id, `f${i}/g${j}`, null, j % 2 === 0);
      const created = performance.now() - t0;
      const t1 = performance.now();
      const list = await store.mail.listMailboxes(u.id);
      const listed = performance.now() - t1;
      assert.equal(list.length, 2 + 100 + 10_000);
      const t2 = performance.now();
      for (let i = 0; i < 200; i++) assert.ok(await store.mail.getMailbox(u.id, `f${i % 100}/g${i % 97}`));
      const lookups = performance.now() - t2;
      // Generous bounds: these are sanity checks, not benchmarks.
      assert.ok(listed < 2000, `listing took ${listed} ms`);
      assert.ok(lookups < 500, `200 lookups took ${lookups} ms`);
      assert.ok(created < 120_000, `creating took ${created} ms`);
      await store.mail.renameMailbox(u.id, 'f1', 'renamed');
      assert.ok(await store.mail.getMailbox(u.id, 'renamed/g99'));
      assert.equal(await store.mail.getMailbox(u.id, 'f1/g99'), null);
      assert.ok(await store.mail.getMailbox(u.id, 'f10/g99'), 'f10 is not a child of f1');
    } finally {
      await cleanup();
    }
  });

  test('claimRecent: each UID is claimed once, never above the last UID, atomically', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const box = await store.mail.createMailbox(u.id, 'R', null, false);
      assert.equal(box.recentUid, 0);
      assert.equal(await store.mail.claimRecent(box.id, 5), null, 'nothing stored yet');
      const msgs = [];
      for (let i = 0; i < 3; i++) msgs.push(await newMessage(store));
      await store.mail.append(u.id, box.id, msgs);
      // Appending does not move the mark: the three are recent for the first claimer.
      assert.equal((await store.mail.getMailboxById(box.id))?.recentUid, 0);
      // Several claimers at once: exactly one gets 1..3 (capped at the last UID).
      const all = await Promise.all([1, 2, 3, 4].map(() => store.mail.claimRecent(box.id, 10)));
      assert.deepEqual(
        all.filter((r) => r !== null),
        [{ start: 1, end: 3 }],
      );
      assert.equal((await store.mail.getMailboxById(box.id))?.recentUid, 3);
      await store.mail.append(u.id, box.id, [await newMessage(store), await newMessage(store)]);
      assert.deepEqual(await store.mail.claimRecent(box.id, 4), { start: 4, end: 4 });
      assert.equal(await store.mail.claimRecent(box.id, 4), null);
      assert.deepEqual(await store.mail.claimRecent(box.id, 5), { start: 5, end: 5 });
      assert.equal(await store.mail.claimRecent(999999, 5), null, 'unknown mailbox');
    } finally {
      await cleanup();
    }
  });
}
