// LeaseKeeper over the real SQLite store, two handles on one data dir (two processes'
// view) and a shared fake clock: exclusive, released, taken over once expired, and then
// reported lost to the stalled holder, whose late release frees nothing.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LeaseKeeper } from '../../src/core/leases.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

test('LeaseKeeper: exclusive across handles, expiry, lost lease, late release', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-leases-'));
  let now = 1_000_000;
  const s1 = await openSqliteStore(dir, { now: () => now });
  const s2 = await openSqliteStore(dir, { now: () => now });
  try {
    const lost: string[] = [];
    // renewMs far away: holder A "stalls" (never renews) unless asked to confirm.
    const a = new LeaseKeeper(s1.leases, { ttlMs: 1000, renewMs: 3_600_000, onLost: (n) => lost.push(n) });
    const b = new LeaseKeeper(s2.leases, { ttlMs: 1000, renewMs: 3_600_000 });
    const held = await a.acquire('pop3:maildrop:1');
    assert.ok(held);
    assert.equal(await b.acquire('pop3:maildrop:1'), null, 'held by A');
    assert.equal(await a.acquire('pop3:maildrop:1'), null, 'held, even for the same keeper');
    now += 999;
    assert.equal(await held.confirm(), true, 'confirm renews');
    now += 999;
    assert.equal(await b.acquire('pop3:maildrop:1'), null, 'renewed by confirm: still A');
    now += 1001;
    const taken = await b.acquire('pop3:maildrop:1');
    assert.ok(taken, 'expired: B takes it');
    assert.equal(await held.confirm(), false);
    assert.equal(held.lost, true);
    assert.deepEqual(lost, ['pop3:maildrop:1']);
    assert.equal(a.size, 0);
    held.release(); // late: must not free B's lease
    held.release();
    assert.equal(await a.acquire('pop3:maildrop:1'), null);
    taken.release();
    await new Promise((r) => setImmediate(r));
    const again = await a.acquire('pop3:maildrop:1');
    assert.ok(again, 'free after B released');
    again.release();
  } finally {
    await s1.close();
    await s2.close();
    await rm(dir, { recursive: true, force: true });
  }
});
