import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMailError } from '../../src/core/errors.js';
import { MAX_UID, normalizeRanges, uidWindows } from '../../src/core/uid-ranges.js';

test('ranges are sorted, merged, reversed ones turned round, * clamped', () => {
  assert.deepEqual(
    normalizeRanges([
      { start: 10, end: 12 },
      { start: 5, end: 3 },
      { start: 6, end: 6 },
      { start: 13, end: Number.POSITIVE_INFINITY },
    ]),
    [
      { start: 3, end: 6 },
      { start: 10, end: MAX_UID },
    ],
  );
  assert.deepEqual(normalizeRanges([]), []);
  assert.throws(
    () => normalizeRanges([{ start: Number.NaN, end: 1 }]),
    (e) => isMailError(e, 'Invalid'),
  );
});

test('uidWindows cuts ranges into windows of at most n UIDs below the maximum', () => {
  const w = uidWindows(
    [
      { start: 1, end: 7 },
      { start: 20, end: Number.POSITIVE_INFINITY },
    ],
    24,
    4,
  );
  assert.deepEqual(w, [
    [{ start: 1, end: 4 }],
    [
      { start: 5, end: 7 },
      { start: 20, end: 20 },
    ],
    [{ start: 21, end: 24 }],
  ]);
  assert.deepEqual(uidWindows([{ start: 1, end: Number.POSITIVE_INFINITY }], 0, 4), []);
  // every UID exactly once, whatever the window size
  for (const size of [1, 3, 5000]) {
    const flat = uidWindows([{ start: 2, end: 50 }], 40, size)
      .flat()
      .flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));
    assert.deepEqual(
      flat,
      Array.from({ length: 39 }, (_, i) => i + 2),
    );
  }
});
