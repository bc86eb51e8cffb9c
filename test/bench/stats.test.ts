import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, percentile, summarize } from '../../bench/lib/stats.js';

test('percentile uses the nearest rank of the sorted samples', () => {
  const s = Array.from({ length: 101 }, (_, i) => i); // 0..100
  assert.equal(percentile(s, 0), 0);
  assert.equal(percentile(s, 0.5), 50);
  assert.equal(percentile(s, 0.9), 90);
  assert.equal(percentile(s, 0.99), 99);
  assert.equal(percentile(s, 1), 100);
  assert.equal(percentile([7, 9], 0.99), 9);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  assert.throws(() => percentile(s, 1.5), RangeError);
  assert.throws(() => percentile(s, Number.NaN), RangeError);
});

test('median averages the two middle values of an even count', () => {
  assert.equal(median([1, 2, 3]), 2);
  assert.equal(median([1, 2, 3, 10]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('summarize sorts a copy and reports every figure', () => {
  const input = [5, 1, 4, 2, 3];
  const s = summarize(input);
  assert.deepEqual(input, [5, 1, 4, 2, 3]);
  assert.deepEqual(s, { n: 5, min: 1, mean: 3, median: 3, p90: 5, p99: 5, max: 5 });
  assert.equal(summarize([]).n, 0);
  assert.ok(Number.isNaN(summarize([]).median));
  assert.throws(() => summarize([1, Number.POSITIVE_INFINITY]), /finite/);
});
