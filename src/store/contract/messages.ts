// Contract: append/copy/move/flags/expunge, UIDs, MODSEQ, change log, quota, change bus.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MailChange } from '../types.js';
import { type MakeStore, mailboxId, makeUser, newMessage, rejectsCode } from './helpers.js';

const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

export function messageContract(make: MakeStore): void {
  test('append assigns increasing UIDs, counters and MODSEQ', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const before = (await store.mail.getMailboxById(inbox))!;
      const m1 = await newMessage(store, {}, ['\\Seen', 'Work']);
      const m2 = await newMessage(store, {}, ['\\Deleted']);
      const r = await store.mail.append(u.id, inbox, [m1, m2]);
      assert.deepEqual(
        r.map((x) => x.uid),
        [1, 2],
      );
      assert.equal(r[0]!.uidValidity, before.uidValidity);
      assert.ok(r[0]!.modseq > before.highestModseq);
      assert.notEqual(r[0]!.emailId, r[1]!.emailId);
      const box = (await store.mail.getMailboxById(inbox))!;
      assert.equal(box.uidNext, 3);
      assert.equal(box.messages, 2);
      assert.equal(box.unseen, 1);
      assert.equal(box.deleted, 1);
      assert.equal(box.size, m1.blob.size + m2.blob.size);
      assert.equal(box.highestModseq, r[0]!.modseq);
      assert.deepEqual(await store.accounts.getUsage(u.id), { bytes: box.size, messages: 2 });
      const msgs = await store.mail.messages(inbox, ALL, 10);
      assert.deepEqual(msgs[0]!.flags, ['\\Seen', 'Work']);
      assert.equal(msgs[0]!.blobId, m1.blob.id);
      assert.equal(msgs[1]!.size, m2.blob.size);
      assert.deepEqual(await store.mail.keywords(inbox), ['Work']);
      assert.deepEqual([...(await store.mail.uids(inbox))], [1, 2]);
      const meta = await store.mail.blobMeta(m1.blob.id);
      assert.equal(meta?.subject, m1.blob.subject);
      assert.equal(meta?.bodyText, m1.blob.bodyText);
      assert.deepEqual(meta?.sentDate, m1.blob.sentDate);
      assert.equal((await store.mail.getMessageByEmailId(u.id, r[1]!.emailId))?.uid, 2);
      await rejectsCode(store.mail.append(u.id, 99999, [await newMessage(store)]), 'NotFound');
    } finally {
      await cleanup();
    }
  });

  test('UIDs stay strictly increasing under concurrent appends (two handles too)', async () => {
    const fx = await make();
    try {
      const { store } = fx;
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const other = fx.reopen ? await fx.reopen() : store;
      const jobs: Promise<{ uid: number }[]>[] = [];
      for (let i = 0; i < 40; i++) {
        const s = i % 2 ? other : store;
        jobs.push(newMessage(store).then((m) => s.mail.append(u.id, inbox, [m])));
      }
      const uids = (await Promise.all(jobs)).flat().map((r) => r.uid);
      assert.equal(new Set(uids).size, 40);
      const stored = [...(await store.mail.uids(inbox))];
      assert.deepEqual(
        stored,
        [...stored].sort((a, b) => a - b),
      );
      assert.equal(stored.length, 40);
      // Expunged UIDs are never handed out again.
      await store.mail.remove(u.id, inbox, [{ start: 40, end: 40 }]);
      const [next] = await store.mail.append(u.id, inbox, [await newMessage(store)]);
      assert.equal(next!.uid, 41);
    } finally {
      await fx.cleanup();
    }
  });

  test('flags: add, remove, replace, keywords, UNCHANGEDSINCE, MODSEQ growth', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const ms = [];
      for (let i = 0; i < 4; i++) ms.push(await newMessage(store));
      const appended = await store.mail.append(u.id, inbox, ms);
      const m0 = appended[0]!.modseq;
      const r1 = await store.mail.setFlags(u.id, inbox, [{ start: 1, end: 2 }], 'add', [
        '\\Seen',
        '$Important',
      ]);
      assert.deepEqual(
        r1.changed.map((c) => [c.uid, c.flags]),
        [
          [1, ['\\Seen', '$Important']],
          [2, ['\\Seen', '$Important']],
        ],
      );
      const m1 = r1.changed[0]!.modseq;
      assert.ok(m1 > m0);
      // no-op: nothing changes, no new modseq
      const r2 = await store.mail.setFlags(u.id, inbox, [{ start: 1, end: 1 }], 'add', [
        '\\seen',
        '$important',
      ]);
      assert.equal(r2.changed.length, 0);
      const r3 = await store.mail.setFlags(u.id, inbox, [{ start: 2, end: 3 }], 'replace', ['\\Flagged']);
      assert.deepEqual(
        r3.changed.map((c) => [c.uid, c.flags]),
        [
          [2, ['\\Flagged']],
          [3, ['\\Flagged']],
        ],
      );
      const m3 = r3.changed[0]!.modseq;
      assert.ok(m3 > m1);
      await store.mail.setFlags(u.id, inbox, [{ start: 1, end: 1 }], 'remove', ['$IMPORTANT']);
      const msgs = await store.mail.messages(inbox, ALL, 10);
      assert.deepEqual(
        msgs.map((m) => m.flags),
        [['\\Seen'], ['\\Flagged'], ['\\Flagged'], []],
      );
      const box = (await store.mail.getMailboxById(inbox))!;
      assert.equal(box.unseen, 3);
      assert.ok(box.highestModseq > m3);
      // RFC 7162: messages changed after UNCHANGEDSINCE are reported, not changed.
      const r4 = await store.mail.setFlags(u.id, inbox, ALL, 'add', ['\\Answered'], m1);
      assert.deepEqual(r4.modified, [1, 2, 3]);
      assert.deepEqual(
        r4.changed.map((c) => c.uid),
        [4],
      );
      assert.deepEqual(await store.mail.keywords(inbox), ['$Important']);
    } finally {
      await cleanup();
    }
  });

  test('changedSince and expungedSince answer "what changed since X"', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const ms = [];
      for (let i = 0; i < 5; i++) ms.push(await newMessage(store));
      await store.mail.append(u.id, inbox, ms);
      const state = (await store.mail.getMailboxById(inbox))!.highestModseq;
      await store.mail.setFlags(u.id, inbox, [{ start: 2, end: 2 }], 'add', ['\\Seen']);
      await store.mail.append(u.id, inbox, [await newMessage(store)]);
      await store.mail.setFlags(u.id, inbox, [{ start: 4, end: 4 }], 'add', ['\\Deleted']);
      const ex = await store.mail.expunge(u.id, inbox);
      assert.deepEqual(ex.uids, [4]);
      await store.mail.remove(u.id, inbox, [{ start: 5, end: 5 }]);
      const changed = await store.mail.changedSince(inbox, state, ALL, 100);
      assert.deepEqual(
        changed.map((m) => m.uid),
        [2, 6],
      );
      assert.deepEqual(
        (await store.mail.changedSince(inbox, state, [{ start: 3, end: 10 }], 100)).map((m) => m.uid),
        [6],
      );
      assert.deepEqual(
        (await store.mail.changedSince(inbox, state, ALL, 1)).map((m) => m.uid),
        [2],
      );
      assert.deepEqual(await store.mail.expungedSince(inbox, state), [4, 5]);
      assert.deepEqual(await store.mail.expungedSince(inbox, ex.modseq), [5]);
      const box = (await store.mail.getMailboxById(inbox))!;
      assert.ok(box.highestModseq > ex.modseq);
      assert.equal(box.messages, 4);
      assert.equal(box.deleted, 0);
    } finally {
      await cleanup();
    }
  });

  test('quota: bytes and message count enforced on append and copy', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const trash = await mailboxId(store, u.id, 'Trash');
      const m = await newMessage(store);
      await store.accounts.setQuota(u.id, m.blob.size * 2 + 10, null);
      await store.mail.append(u.id, inbox, [m]);
      await store.mail.append(u.id, inbox, [await newMessage(store)]);
      await rejectsCode(store.mail.append(u.id, inbox, [await newMessage(store)]), 'OverQuota');
      await rejectsCode(store.mail.copy(u.id, inbox, ALL, trash), 'OverQuota');
      // a refused append changes nothing
      assert.equal((await store.mail.getMailboxById(inbox))!.messages, 2);
      assert.equal((await store.mail.getMailboxById(inbox))!.uidNext, 3);
      // move does not change usage
      await store.mail.move(u.id, inbox, [{ start: 1, end: 1 }], trash);
      await store.accounts.setQuota(u.id, null, 2);
      await rejectsCode(store.mail.append(u.id, inbox, [await newMessage(store)]), 'OverQuota');
      await store.mail.remove(u.id, trash, ALL);
      await store.mail.append(u.id, inbox, [await newMessage(store)]);
      assert.equal((await store.accounts.getUsage(u.id)).messages, 2);
    } finally {
      await cleanup();
    }
  });

  test('copy and move share the body; move keeps the emailId and leaves a tombstone', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const work = (await store.mail.createMailbox(u.id, 'Work', null, false)).id;
      const m = await newMessage(store, {}, ['\\Seen', 'Kw']);
      const [a] = await store.mail.append(u.id, inbox, [m, await newMessage(store)]);
      const c = await store.mail.copy(u.id, inbox, [{ start: 1, end: 1 }], work);
      assert.deepEqual(c.srcUids, [1]);
      assert.deepEqual(c.dstUids, [1]);
      assert.equal(c.uidValidity, (await store.mail.getMailboxById(work))!.uidValidity);
      const copied = (await store.mail.messages(work, ALL, 10))[0]!;
      assert.equal(copied.blobId, m.blob.id);
      assert.notEqual(copied.emailId, a!.emailId);
      assert.deepEqual(copied.flags, ['\\Seen', 'Kw']);
      assert.deepEqual(await store.mail.keywords(work), ['Kw']);
      assert.ok(await store.blobs.exists(m.blob.id));

      const mv = await store.mail.move(u.id, inbox, ALL, work);
      assert.deepEqual(mv.srcUids, [1, 2]);
      assert.deepEqual(mv.dstUids, [2, 3]);
      assert.equal((await store.mail.uids(inbox)).length, 0);
      assert.deepEqual(await store.mail.expungedSince(inbox, 0), [1, 2]);
      const moved = await store.mail.getMessageByEmailId(u.id, a!.emailId);
      assert.equal(moved?.mailboxId, work);
      assert.equal(moved?.uid, 2);
      assert.equal(moved?.id, a!.id);
      const inb = (await store.mail.getMailboxById(inbox))!;
      const wb = (await store.mail.getMailboxById(work))!;
      assert.equal(inb.messages, 0);
      assert.equal(inb.size, 0);
      assert.equal(wb.messages, 3);
      assert.equal(wb.unseen, 1);
      assert.equal(inb.highestModseq, mv.modseq);
      assert.equal((await store.accounts.getUsage(u.id)).messages, 3);
      // Moving within a mailbox renumbers: new UIDs, same emailIds, old UIDs expunged.
      const before = await store.mail.getMailboxById(work);
      const self = await store.mail.move(u.id, work, [{ start: 1, end: 1 }], work);
      assert.deepEqual(self.srcUids, [1]);
      assert.deepEqual(self.dstUids, [before!.uidNext]);
      const after = await store.mail.getMailboxById(work);
      assert.equal(after?.messages, before?.messages);
      assert.equal(after?.unseen, before?.unseen);
      assert.equal(after?.uidNext, before!.uidNext + 1);
      assert.deepEqual([...(await store.mail.uids(work))].includes(1), false);
      assert.ok((await store.mail.expungedSince(work, 0)).includes(1));
      assert.equal((await store.accounts.getUsage(u.id)).messages, 3);
      const empty = await store.mail.copy(u.id, inbox, ALL, work);
      assert.deepEqual(empty.dstUids, []);
    } finally {
      await cleanup();
    }
  });

  test('expunge removes only \\Deleted (within the given UIDs)', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const ms = [];
      for (let i = 0; i < 4; i++) ms.push(await newMessage(store, {}, i % 2 ? [] : ['\\Deleted']));
      await store.mail.append(u.id, inbox, ms);
      const r1 = await store.mail.expunge(u.id, inbox, [{ start: 2, end: 4 }]);
      assert.deepEqual(r1.uids, [3]);
      const r2 = await store.mail.expunge(u.id, inbox);
      assert.deepEqual(r2.uids, [1]);
      assert.ok(r2.modseq > r1.modseq);
      const r3 = await store.mail.expunge(u.id, inbox);
      assert.deepEqual(r3.uids, []);
      assert.deepEqual([...(await store.mail.uids(inbox))], [2, 4]);
    } finally {
      await cleanup();
    }
  });

  test('changes are published after commit, per user; a throwing listener harms no one', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const v = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const seen: MailChange[] = [];
      store.changes.subscribe(u.id, () => {
        throw new Error('bad listener');
      });
      const off = store.changes.subscribe(u.id, (c) => {
        seen.push(c);
      });
      let other = 0;
      store.changes.subscribe(v.id, () => other++);
      const [a] = await store.mail.append(u.id, inbox, [await newMessage(store)]);
      // the change is visible to the listener's own reads when it arrives
      assert.equal(seen.length, 1);
      assert.deepEqual(seen[0], {
        type: 'append',
        userId: u.id,
        mailboxId: inbox,
        uid: 1,
        modseq: a!.modseq,
      });
      await store.mail.setFlags(u.id, inbox, ALL, 'add', ['\\Seen']);
      await store.mail.remove(u.id, inbox, ALL);
      await store.mail.createMailbox(u.id, 'New', null, false);
      assert.deepEqual(
        seen.map((c) => c.type),
        ['append', 'flags', 'expunge', 'mailbox'],
      );
      off();
      await store.mail.createMailbox(u.id, 'New2', null, false);
      assert.equal(seen.length, 4);
      assert.equal(other, 0);
      // failed operations publish nothing
      await rejectsCode(store.mail.createMailbox(u.id, 'New', null, false), 'AlreadyExists');
    } finally {
      await cleanup();
    }
  });

  test('threads', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const v = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const m = await newMessage(store, { messageId: 'root@x' });
      m.threadId = 'T-root';
      const [a] = await store.mail.append(u.id, inbox, [m]);
      assert.equal(await store.mail.findThread(u.id, ['nope@x', 'root@x']), 'T-root');
      assert.equal(await store.mail.findThread(v.id, ['root@x']), null);
      assert.equal(await store.mail.findThread(u.id, []), null);
      assert.equal((await store.mail.messages(inbox, ALL, 1))[0]!.threadId, 'T-root');
      assert.ok(a);
    } finally {
      await cleanup();
    }
  });
}

export function flagPageContract(make: MakeStore): void {
  test('messageFlags: the lean page agrees with messages()', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const ms = [];
      for (let i = 0; i < 7; i++) ms.push(await newMessage(store, {}, i % 2 ? ['\\Seen', `k${i}`] : []));
      await store.mail.append(u.id, inbox, ms);
      await store.mail.remove(u.id, inbox, [{ start: 3, end: 3 }]);
      await store.mail.setFlags(u.id, inbox, [{ start: 4, end: 4 }], 'add', ['\\Flagged']);
      const ranges = [
        { start: 6, end: Number.POSITIVE_INFINITY },
        { start: 1, end: 4 },
      ];
      const full = await store.mail.messages(inbox, ranges, 4);
      const lean = await store.mail.messageFlags(inbox, ranges, 4);
      assert.deepEqual(
        lean,
        full.map((m) => ({ uid: m.uid, modseq: m.modseq, flags: m.flags })),
      );
      assert.deepEqual(
        lean.map((m) => m.uid),
        [1, 2, 4, 6],
      );
      assert.deepEqual(lean[2]!.flags, ['\\Seen', '\\Flagged', 'k3']);
      assert.deepEqual(await store.mail.messageFlags(inbox, ranges, 0), []);
    } finally {
      await cleanup();
    }
  });
}

export function badInputContract(make: MakeStore): void {
  test('bad ranges and limits give errors or nothing, never a whole mailbox', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      await store.mail.append(u.id, inbox, [await newMessage(store), await newMessage(store)]);
      assert.deepEqual(await store.mail.messages(inbox, ALL, 0), []);
      assert.deepEqual(await store.mail.messages(inbox, ALL, -1), []);
      assert.deepEqual(await store.mail.messages(inbox, [], 10), []);
      await rejectsCode(store.mail.messages(inbox, [{ start: Number.NaN, end: 3 }], 10), 'Invalid');
      await rejectsCode(
        store.mail.setFlags(u.id, inbox, [{ start: 1, end: Number.NaN }], 'add', ['x']),
        'Invalid',
      );
      // reversed ranges mean the same set (IMAP 5:3 = 3:5)
      assert.deepEqual(
        (await store.mail.messages(inbox, [{ start: 2, end: 1 }], 10)).map((m) => m.uid),
        [1, 2],
      );
      // another user's mailbox is not found
      const v = await makeUser(store);
      await rejectsCode(store.mail.append(v.id, inbox, [await newMessage(store)]), 'NotFound');
      await rejectsCode(store.mail.setFlags(v.id, inbox, ALL, 'add', ['\\Seen']), 'NotFound');
      await rejectsCode(store.mail.expunge(v.id, inbox), 'NotFound');
    } finally {
      await cleanup();
    }
  });
}
