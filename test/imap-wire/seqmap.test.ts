import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reader } from '../../src/protocols/imap/wire/reader.js';
import { SeqMap } from '../../src/protocols/imap/wire/seqmap.js';
import { readSequenceSet, type SequenceSet } from '../../src/protocols/imap/wire/sequence-set.js';
import { rng } from './helpers.js';

const set = (s: string) =>
  readSequenceSet(new Reader([{ kind: 'text', data: Buffer.from(s) }])) as SequenceSet & { kind: 'set' };

test('lookups, append, remove', () => {
  const m = SeqMap.fromUids([3, 4, 5, 9, 10, 20]);
  assert.equal(m.size, 6);
  assert.equal(m.runCount, 3);
  assert.equal(m.maxUid, 20);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 0].map((s) => m.seqToUid(s)),
    [3, 4, 5, 9, 10, 20, 0, 0],
  );
  assert.deepEqual(
    [3, 5, 9, 20, 1, 6, 21].map((u) => m.uidToSeq(u)),
    [1, 3, 4, 6, 0, 0, 0],
  );
  assert.equal(m.append(20), false, 'UIDs must ascend');
  assert.equal(m.append(0), false);
  assert.ok(m.append(21));
  assert.equal(m.runCount, 3, '21 extends the last run');
  assert.equal(m.removeUid(4), 2, 'split a run');
  assert.equal(m.runCount, 4);
  assert.deepEqual([...m], [3, 5, 9, 10, 20, 21]);
  assert.equal(m.removeUid(4), 0, 'already gone');
  assert.equal(m.removeUid(3), 1);
  assert.equal(m.removeUid(5), 1);
  assert.deepEqual([...m], [9, 10, 20, 21]);
  assert.equal(m.uidToSeq(20), 3);
  assert.deepEqual(
    [...m.ranges()],
    [
      [9, 10],
      [20, 21],
    ],
  );
});

test('removeMany reports sequence numbers highest first', () => {
  const m = SeqMap.fromUids([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(m.removeMany([3, 5, 6, 42, 10]), [10, 6, 5, 3]);
  assert.deepEqual([...m], [1, 2, 4, 7, 8, 9]);
  assert.deepEqual(m.removeMany([]), []);
});

test('select: sequence numbers and UIDs, * and reversed ranges', () => {
  const m = SeqMap.fromUids([3, 4, 5, 9, 10, 20]);
  assert.deepEqual(
    [...m.select(set('2:3,6:*'), false)],
    [
      [2, 4],
      [3, 5],
      [6, 20],
    ],
  );
  assert.deepEqual(
    [...m.select(set('*:5'), false)],
    [
      [5, 10],
      [6, 20],
    ],
  );
  assert.deepEqual(
    [...m.select(set('4:9,15:*'), true)],
    [
      [2, 4],
      [3, 5],
      [4, 9],
      [6, 20],
    ],
  );
  assert.deepEqual([...m.select(set('25:*'), true)], [[6, 20]], 'n:* always includes the highest UID');
  assert.deepEqual([...m.select(set('100'), false)], []);
  assert.deepEqual([...new SeqMap().select(set('1:*'), true)], []);
});

test('property: SeqMap behaves like a sorted array of UIDs', () => {
  const rand = rng(99);
  for (let round = 0; round < 60; round++) {
    const m = new SeqMap();
    const model: number[] = [];
    let next = 1;
    for (let step = 0; step < 400; step++) {
      const r = rand();
      if (r < 0.45) {
        next += rand() < 0.7 ? 0 : Math.floor(rand() * 5);
        if (rand() < 0.2) {
          const n = 1 + Math.floor(rand() * 20);
          assert.ok(m.appendRange(next, next + n - 1));
          for (let i = 0; i < n; i++) model.push(next + i);
          next += n;
        } else {
          assert.ok(m.append(next));
          model.push(next++);
        }
      } else if (r < 0.8 && model.length > 0) {
        const uid = rand() < 0.9 ? model[Math.floor(rand() * model.length)]! : next + 5;
        const idx = model.indexOf(uid);
        assert.equal(m.removeUid(uid), idx + 1);
        if (idx >= 0) model.splice(idx, 1);
      } else if (model.length > 0) {
        const pick = model.filter(() => rand() < 0.2);
        const expected = pick.map((u) => model.indexOf(u) + 1).sort((a, b) => b - a);
        assert.deepEqual(m.removeMany(pick), expected);
        for (const u of pick) model.splice(model.indexOf(u), 1);
      }
      assert.equal(m.size, model.length);
      assert.equal(m.maxUid, model.at(-1) ?? 0);
    }
    assert.deepEqual([...m], model);
    for (let i = 0; i < model.length; i++) {
      assert.equal(m.seqToUid(i + 1), model[i]);
      assert.equal(m.uidToSeq(model[i]!), i + 1);
    }
    const lo = 1 + Math.floor(rand() * next);
    const hi = 1 + Math.floor(rand() * next);
    const expected = model
      .map((u, i) => [i + 1, u] as [number, number])
      .filter(([, u]) => u >= Math.min(lo, hi) && u <= Math.max(lo, hi));
    assert.deepEqual([...m.select(set(`${lo}:${hi}`), true)], expected);
  }
});

test('memory: 1,000,000 contiguous UIDs cost one run; scattered ones 12 bytes per run', () => {
  const m = new SeqMap();
  assert.ok(m.appendRange(1, 1_000_000));
  assert.equal(m.runCount, 1);
  assert.ok(m.byteSize <= 64, `byteSize ${m.byteSize}`);
  assert.equal(m.seqToUid(765_432), 765_432);
  const s = new SeqMap();
  for (let u = 1; u <= 2_000_000; u += 2) s.append(u);
  assert.equal(s.size, 1_000_000);
  assert.equal(s.runCount, 1_000_000);
  assert.ok(s.byteSize <= 16 * 1024 * 1024, `byteSize ${s.byteSize}`);
  assert.equal(s.seqToUid(500_000), 999_999);
  assert.equal(s.uidToSeq(999_999), 500_000);
  // Expunging a tenth of a huge mailbox in one pass stays fast.
  const t0 = Date.now();
  const gone = s.removeMany(Array.from({ length: 100_000 }, (_, i) => i * 20 + 1));
  assert.equal(gone.length, 100_000);
  assert.equal(s.size, 900_000);
  assert.ok(Date.now() - t0 < 2000);
});

test('fromRuns builds the same map as fromUids; bad runs are refused', () => {
  const m = SeqMap.fromRuns([3, 9, 20], [3, 2, 1]);
  assert.deepEqual([...m], [3, 4, 5, 9, 10, 20]);
  assert.equal(m.runCount, 3);
  assert.equal(m.uidToSeq(9), 4);
  assert.equal(SeqMap.fromRuns([], []).size, 0);
  assert.throws(() => SeqMap.fromRuns([5, 3], [1, 1]), RangeError);
  assert.throws(() => SeqMap.fromRuns([1, 3], [3, 1]), RangeError);
});

test('uidRangesOf names exactly the messages select() names, as merged UID ranges', () => {
  const r = rng(11);
  const sets = ['1:*', '*', '2,4:6,9', '3:1', '5:*,1', '7:7', '100:200', '1,3,5,7,9,11,13'];
  for (let round = 0; round < 60; round++) {
    const uids: number[] = [];
    let u = 0;
    const n = Math.floor(r() * 30);
    for (let i = 0; i < n; i++) {
      u += 1 + (r() < 0.3 ? Math.floor(r() * 5) : 0);
      uids.push(u);
    }
    const m = SeqMap.fromUids(uids);
    if (r() < 0.5 && uids.length > 3) m.removeMany([uids[1]!, uids[uids.length - 2]!]);
    for (const s of sets)
      for (const byUid of [false, true]) {
        const want: Array<[number, number]> = [];
        for (const [, uid] of m.select(set(s), byUid)) {
          const last = want[want.length - 1];
          if (last && last[1] + 1 === uid) last[1] = uid;
          else want.push([uid, uid]);
        }
        assert.deepEqual(m.uidRangesOf(set(s), byUid), want, `${s} uid=${byUid} on ${[...m]}`);
      }
  }
});
