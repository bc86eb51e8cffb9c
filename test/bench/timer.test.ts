import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimit, mbPerSecond, nowMs, perSecond, timed } from '../../bench/lib/timer.js';

test('rates per second', () => {
  assert.equal(perSecond(500, 250), 2000);
  assert.equal(mbPerSecond(78_000_000, 1000), 78);
  assert.ok(Number.isNaN(perSecond(5, 0)));
});

test('timed measures the awaited work', async () => {
  const r = await timed(async () => {
    await sleep(30);
    return 'v';
  });
  assert.equal(r.value, 'v');
  assert.ok(r.ms >= 25 && r.ms < 1000, `${r.ms} ms`);
  assert.ok(nowMs() > 0);
});

test('mapLimit keeps order and never exceeds the limit', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (v, i) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(v);
    running--;
    return v * 10 + i;
  });
  assert.deepEqual(out, [50, 11, 42, 23, 34, 5]);
  assert.equal(peak, 2);
  assert.deepEqual(await mapLimit([], 3, async () => 1), []);
  await assert.rejects(
    mapLimit([1], 0, async () => 1),
    RangeError,
  );
});
