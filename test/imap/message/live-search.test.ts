// The pieces of live searches (RFC 5267 §4) that keep them incremental: the compact UID
// set of a result, which programs a flag change can affect, and the spans a search
// restricted to some UIDs reads in the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programReadsFlags } from '../../../src/protocols/imap/message/live-search.js';
import { UidSet } from '../../../src/protocols/imap/message/uid-set.js';
import { Reader } from '../../../src/protocols/imap/wire/reader.js';
import { readSearchProgram } from '../../../src/protocols/imap/wire/search.js';
import { scanSpans, uidFilter } from '../../../src/store-sqlite/queries.js';

function program(text: string) {
  return readSearchProgram(new Reader([{ kind: 'text', data: Buffer.from(text) }]));
}

test('UidSet: built from any order, merges additions and removals, deletes in batches', () => {
  const s = new UidSet([9, 3, 5, 3, 1]);
  assert.deepEqual(s.values(), [1, 3, 5, 9]);
  assert.ok(s.has(5) && !s.has(4) && !s.has(10) && !s.has(0));
  s.merge([2, 4, 10], [1, 9]);
  assert.deepEqual(s.values(), [2, 3, 4, 5, 10]);
  // Already present / absent entries are harmless.
  s.merge([3], [7]);
  assert.deepEqual(s.values(), [2, 3, 4, 5, 10]);
  assert.deepEqual(s.deleteAll(new Set([10, 2, 8])), [2, 10]);
  assert.deepEqual(s.values(), [3, 4, 5]);
  assert.equal(s.size, 3);
  const big = new UidSet(Array.from({ length: 100_000 }, (_, i) => i + 1));
  big.merge([], [50_000]);
  assert.equal(big.size, 99_999);
  assert.ok(!big.has(50_000) && big.has(49_999) && big.has(100_000));
});

test('a flag change can move messages only for programs reading flags or MODSEQ', () => {
  const reads = (text: string) => programReadsFlags(program(text));
  for (const t of [
    'UNSEEN',
    'FLAGGED',
    'KEYWORD $x',
    'NEW',
    'MODSEQ 5',
    'OR FROM a SEEN',
    'NOT (DELETED)',
    'TEXT x UNANSWERED',
  ])
    assert.ok(reads(t), t);
  for (const t of [
    'TEXT word',
    'FROM x',
    'OR SUBJECT a BODY b',
    'LARGER 10 SINCE 1-Jan-2020',
    'UID 1:5',
    'ALL',
    'RECENT',
  ])
    assert.ok(!reads(t), t);
});

test('restricted search: ranges close together are read as one span; membership is exact', () => {
  assert.deepEqual(scanSpans([]), []);
  assert.deepEqual(
    scanSpans([
      { start: 4000, end: 4000 },
      { start: 1, end: 3 },
      { start: 7, end: 7 },
      { start: 50_000, end: 50_010 },
    ]),
    [
      { start: 1, end: 4000 },
      { start: 50_000, end: 50_010 },
    ],
  );
  const keep = uidFilter([
    { start: 7, end: 7 },
    { start: 1, end: 3 },
    { start: 50_000, end: 50_010 },
  ]);
  assert.deepEqual(
    [0, 1, 3, 4, 6, 7, 8, 49_999, 50_000, 50_010, 50_011].filter(keep),
    [1, 3, 7, 50_000, 50_010],
  );
});
