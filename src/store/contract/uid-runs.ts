// Contract: uidRuns() (the UIDs a sequence map is built from, possibly cached by the
// store) always answers the committed state, whoever committed it; firstUid().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MailboxId, Store, UidRunList } from '../types.js';
import { type MakeStore, mailboxId, makeUser, newMessage, rejectsCode } from './helpers.js';

const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

function expand(r: UidRunList): number[] {
  const out: number[] = [];
  r.starts.forEach((s, i) => {
    for (let k = 0; k < r.lengths[i]!; k++) out.push(s + k);
  });
  return out;
}

function pairs(r: UidRunList): [number, number][] {
  return [...r.starts].map((s, i) => [s, s + r.lengths[i]! - 1]);
}

/** Every UID of the mailbox from the message rows themselves. */
async function listed(store: Store, box: MailboxId): Promise<number[]> {
  return (await store.mail.messages(box, ALL, 100_000)).map((m) => m.uid);
}

async function appendN(store: Store, userId: number, box: MailboxId, n: number, flags: string[] = []) {
  const ms = [];
  for (let i = 0; i < n; i++) ms.push(await newMessage(store, {}, flags));
  return store.mail.append(userId, box, ms);
}

export function uidRunsContract(make: MakeStore): void {
  test('uidRuns: runs of the mailbox after appends, expunges, copies, moves and flag changes', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const other = (await store.mail.createMailbox(u.id, 'Other', null, false)).id;
      const empty = await store.mail.uidRuns(inbox);
      assert.equal(empty.count, 0);
      assert.equal(empty.starts.length, 0);
      await appendN(store, u.id, inbox, 6);
      assert.deepEqual(pairs(await store.mail.uidRuns(inbox)), [[1, 6]]);
      await store.mail.remove(u.id, inbox, [{ start: 3, end: 3 }]);
      let r = await store.mail.uidRuns(inbox);
      assert.deepEqual(pairs(r), [
        [1, 2],
        [4, 6],
      ]);
      assert.equal(r.count, 5);
      // A flag change moves the modseq but not the UIDs.
      await store.mail.setFlags(u.id, inbox, ALL, 'add', ['\\Deleted']);
      await store.mail.setFlags(u.id, inbox, [{ start: 1, end: 1 }], 'remove', ['\\Deleted']);
      assert.deepEqual(pairs(await store.mail.uidRuns(inbox)), [
        [1, 2],
        [4, 6],
      ]);
      await store.mail.expunge(u.id, inbox, [{ start: 5, end: 6 }]);
      assert.deepEqual(pairs(await store.mail.uidRuns(inbox)), [
        [1, 2],
        [4, 4],
      ]);
      await appendN(store, u.id, other, 3);
      await store.mail.copy(u.id, other, [{ start: 1, end: 2 }], inbox); // 7, 8
      await store.mail.move(u.id, other, [{ start: 3, end: 3 }], inbox); // 9
      await store.mail.move(u.id, inbox, [{ start: 2, end: 2 }], other);
      r = await store.mail.uidRuns(inbox);
      assert.deepEqual(pairs(r), [
        [1, 1],
        [4, 4],
        [7, 9],
      ]);
      assert.deepEqual(expand(r), await listed(store, inbox));
      assert.deepEqual([...(await store.mail.uids(inbox))], expand(r));
      assert.deepEqual(expand(await store.mail.uidRuns(other)), await listed(store, other));
      // The arrays are the caller's: changing them changes nothing in the store.
      r.starts[0] = 99;
      r.lengths[0] = 5;
      assert.deepEqual(pairs(await store.mail.uidRuns(inbox)), [
        [1, 1],
        [4, 4],
        [7, 9],
      ]);
    } finally {
      await cleanup();
    }
  });

  test('uidRuns: a deleted mailbox is NotFound, one recreated under its name starts empty', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const a = await store.mail.createMailbox(u.id, 'A', null, false);
      await appendN(store, u.id, a.id, 4);
      assert.equal((await store.mail.uidRuns(a.id)).count, 4);
      await store.mail.deleteMailbox(u.id, 'A');
      await rejectsCode(store.mail.uidRuns(a.id), 'NotFound');
      const again = await store.mail.createMailbox(u.id, 'A', null, false);
      assert.equal((await store.mail.uidRuns(again.id)).count, 0);
      await appendN(store, u.id, again.id, 2);
      assert.deepEqual(pairs(await store.mail.uidRuns(again.id)), [[1, 2]]);
    } finally {
      await cleanup();
    }
  });

  test('uidRuns: changes through another handle on the same data are seen at once', async (t) => {
    const fx = await make();
    try {
      if (!fx.reopen) {
        t.skip('this store has a single handle');
        return;
      }
      const { store } = fx;
      const other = await fx.reopen();
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      await appendN(store, u.id, inbox, 5);
      assert.deepEqual(pairs(await store.mail.uidRuns(inbox)), [[1, 5]]);
      await appendN(other, u.id, inbox, 2);
      await other.mail.remove(u.id, inbox, [{ start: 2, end: 3 }]);
      assert.deepEqual(pairs(await store.mail.uidRuns(inbox)), [
        [1, 1],
        [4, 7],
      ]);
      // A mailbox deleted and recreated by the other handle (possibly under the same id).
      const box = await store.mail.createMailbox(u.id, 'B', null, false);
      await appendN(store, u.id, box.id, 3);
      assert.equal((await store.mail.uidRuns(box.id)).count, 3);
      await other.mail.deleteMailbox(u.id, 'B');
      const again = await other.mail.createMailbox(u.id, 'B', null, false);
      await appendN(other, u.id, again.id, 1);
      assert.deepEqual(pairs(await store.mail.uidRuns(again.id)), [[1, 1]]);
      if (again.id !== box.id) await rejectsCode(store.mail.uidRuns(box.id), 'NotFound');
    } finally {
      await fx.cleanup();
    }
  });

  test('uidRuns and messageFlags: random appends, flag changes, expunges and moves agree with the rows', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const a = await mailboxId(store, u.id, 'INBOX');
      const b = (await store.mail.createMailbox(u.id, 'B', null, false)).id;
      let seed = 7;
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor(seed / 65536) % n; // the high bits: the low ones of an LCG cycle
      };
      for (let step = 0; step < 40; step++) {
        const [from, to] = rnd(2) ? [a, b] : [b, a];
        const have = await listed(store, from);
        const op = rnd(4);
        if (op === 0 || have.length < 3)
          await appendN(store, u.id, from, 1 + rnd(5), rnd(2) ? ['\\Seen'] : []);
        else if (rnd(3) === 0) {
          const lo = have[rnd(have.length)]!;
          const kw = [['\\Flagged'], ['$Work', '\\Seen'], ['$Other']][rnd(3)]!;
          await store.mail.setFlags(
            u.id,
            from,
            [{ start: lo, end: lo + rnd(3) }],
            rnd(2) ? 'add' : 'replace',
            kw,
          );
        } else {
          const lo = have[rnd(have.length)]!;
          const range = [{ start: lo, end: lo + rnd(4) }];
          if (op === 1) await store.mail.remove(u.id, from, range);
          else if (op === 2) await store.mail.move(u.id, from, range, to);
          else await store.mail.copy(u.id, from, range, to);
        }
        if (rnd(3) === 0) continue; // let changes pile up between reads
        for (const box of [a, b]) {
          const r = await store.mail.uidRuns(box);
          const rows = await listed(store, box);
          assert.deepEqual(expand(r), rows, `step ${step}`);
          assert.equal(r.count, rows.length);
          // The lean flag pages (which a store may also keep in memory) agree with the rows.
          const full = (await store.mail.messages(box, ALL, 100_000)).map((m) => ({
            uid: m.uid,
            modseq: m.modseq,
            flags: m.flags,
          }));
          assert.deepEqual(await store.mail.messageFlags(box, ALL, 100_000), full, `flags, step ${step}`);
          const some = [{ start: rows[1] ?? 1, end: rows[4] ?? 9 }];
          assert.deepEqual(
            await store.mail.messageFlags(box, some, 2),
            full.filter((m) => m.uid >= some[0]!.start && m.uid <= some[0]!.end).slice(0, 2),
          );
        }
      }
    } finally {
      await cleanup();
    }
  });

  test('firstUid: the lowest matching UID, or null', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const inbox = await mailboxId(store, u.id, 'INBOX');
      const unseen = { k: 'flag', flag: '\\Seen', set: false } as const;
      assert.equal(await store.mail.firstUid(inbox, unseen), null);
      await appendN(store, u.id, inbox, 3, ['\\Seen']);
      await appendN(store, u.id, inbox, 3);
      assert.equal(await store.mail.firstUid(inbox, unseen), 4);
      assert.equal(await store.mail.firstUid(inbox, { k: 'all' }), 1);
      await store.mail.setFlags(u.id, inbox, [{ start: 2, end: 2 }], 'remove', ['\\Seen']);
      assert.equal(await store.mail.firstUid(inbox, unseen), 2);
      await store.mail.setFlags(u.id, inbox, ALL, 'add', ['\\Seen']);
      assert.equal(await store.mail.firstUid(inbox, unseen), null);
      assert.equal(
        await store.mail.firstUid(inbox, {
          k: 'and',
          keys: [
            { k: 'uid', ranges: [{ start: 5, end: 9 }] },
            { k: 'flag', flag: '\\Seen', set: true },
          ],
        }),
        5,
      );
    } finally {
      await cleanup();
    }
  });
}
