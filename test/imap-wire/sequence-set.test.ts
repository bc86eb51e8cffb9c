import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WireSyntaxError } from '../../src/protocols/imap/wire/errors.js';
import { Reader } from '../../src/protocols/imap/wire/reader.js';
import {
  compressNumbers,
  formatRanges,
  formatSequenceSet,
  readPartialRange,
  readSequenceSet,
  resolveRanges,
  type SequenceSet,
  sequenceSetHas,
} from '../../src/protocols/imap/wire/sequence-set.js';
import { rng } from './helpers.js';

const reader = (s: string) => new Reader([{ kind: 'text', data: Buffer.from(s) }]);
const parseSet = (s: string): SequenceSet => {
  const r = reader(s);
  const set = readSequenceSet(r);
  r.end();
  return set;
};

test('sequence sets: numbers, ranges, *, $, reversed ranges', () => {
  assert.deepEqual(parseSet('1'), { kind: 'set', ranges: [{ from: 1, to: 1 }] });
  assert.deepEqual(parseSet('1:*'), { kind: 'set', ranges: [{ from: 1, to: '*' }] });
  assert.deepEqual(parseSet('*:4'), { kind: 'set', ranges: [{ from: '*', to: 4 }] });
  assert.deepEqual(parseSet('$'), { kind: 'saved' });
  assert.equal(formatSequenceSet(parseSet('2,4:7,9,12:*')), '2,4:7,9,12:*');
  for (const bad of ['', '0', '1:0', '1,', ',1', '1::2', 'a', '4294967296', '-1', '1:$', '$,1']) {
    assert.throws(() => parseSet(bad), WireSyntaxError, bad);
  }
});

test('resolveRanges: star, reversed, clipping, merging', () => {
  const ranges = (s: string) => (parseSet(s) as SequenceSet & { kind: 'set' }).ranges;
  assert.deepEqual(resolveRanges(ranges('5:*'), 3), [[3, 5]]);
  assert.deepEqual(resolveRanges(ranges('5:*'), 3, 3), [[3, 3]]);
  assert.deepEqual(resolveRanges(ranges('7:2,1,3:4,10'), 10), [
    [1, 7],
    [10, 10],
  ]);
  assert.deepEqual(resolveRanges(ranges('20:30'), 10, 10), []);
  assert.deepEqual(resolveRanges(ranges('*'), 0, 0), []);
  assert.ok(sequenceSetHas(parseSet('1,5:3') as SequenceSet & { kind: 'set' }, 4, 9));
  assert.ok(!sequenceSetHas(parseSet('1,5:3') as SequenceSet & { kind: 'set' }, 2, 9));
  assert.ok(sequenceSetHas(parseSet('7:*') as SequenceSet & { kind: 'set' }, 5, 5));
});

test('compressNumbers: 1:5,7,9:12 and friends', () => {
  assert.equal(compressNumbers([1, 2, 3, 4, 5, 7, 9, 10, 11, 12]), '1:5,7,9:12');
  assert.equal(compressNumbers([12, 9, 3, 1, 2, 3, 11, 10]), '1:3,9:12');
  assert.equal(compressNumbers([]), '');
  assert.equal(compressNumbers([4294967295]), '4294967295');
  assert.equal(
    formatRanges([
      [1, 1],
      [3, 9],
    ]),
    '1,3:9',
  );
});

test('property: compressNumbers round-trips through the parser', () => {
  const rand = rng(11);
  for (let i = 0; i < 500; i++) {
    const set = new Set<number>();
    const n = 1 + Math.floor(rand() * 50);
    for (let j = 0; j < n; j++) set.add(1 + Math.floor(rand() * 100));
    const text = compressNumbers(set);
    const back = resolveRanges((parseSet(text) as SequenceSet & { kind: 'set' }).ranges, 100);
    const nums: number[] = [];
    for (const [a, b] of back) for (let k = a; k <= b; k++) nums.push(k);
    assert.deepEqual(
      nums,
      [...set].sort((a, b) => a - b),
    );
  }
});

test('partial ranges (RFC 9394)', () => {
  assert.deepEqual(readPartialRange(reader('1:100')), { fromEnd: false, lo: 1, hi: 100 });
  assert.deepEqual(readPartialRange(reader('-1:-50')), { fromEnd: true, lo: 1, hi: 50 });
  assert.deepEqual(readPartialRange(reader('200:101')), { fromEnd: false, lo: 101, hi: 200 });
  for (const bad of ['0:5', '-1:5', '1:-5', '1', '-0:-1'])
    assert.throws(() => readPartialRange(reader(bad)), bad);
});
