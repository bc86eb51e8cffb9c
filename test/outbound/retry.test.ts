import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RETRY, nextAttempt, retryDelay } from '../../src/outbound/retry.js';

test('delays grow geometrically up to the cap', () => {
  const p = { firstDelay: 60, factor: 2, maxDelay: 600, maxAge: 86400 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, p)),
    [60, 120, 240, 480, 600, 600],
  );
  assert.equal(retryDelay(10_000, p), 600);
});

test('the default gives up after five days', () => {
  assert.equal(DEFAULT_RETRY.maxAge, 5 * 24 * 3600);
  const queued = new Date('2026-01-01T00:00:00Z');
  let now = queued;
  let attempts = 0;
  for (;;) {
    attempts++;
    const next = nextAttempt(attempts, queued, now, DEFAULT_RETRY);
    if (!next) break;
    assert.ok(next > now);
    now = next;
  }
  assert.equal(now.getTime() - queued.getTime(), 5 * 24 * 3600 * 1000, 'last attempt exactly at expiry');
  assert.ok(attempts > 20 && attempts < 60, `attempts ${attempts}`);
});

test('the last attempt lands on the expiry time, then null', () => {
  const p = { firstDelay: 100, factor: 1, maxDelay: 100, maxAge: 150 };
  const q = new Date(0);
  assert.equal(nextAttempt(1, q, new Date(0), p)?.getTime(), 100_000);
  assert.equal(nextAttempt(2, q, new Date(100_000), p)?.getTime(), 150_000);
  assert.equal(nextAttempt(3, q, new Date(150_000), p), null);
});
