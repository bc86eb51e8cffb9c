import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionCounter } from '../../src/net/counter.js';
import { DEFAULT_CONNECTION_LIMITS } from '../../src/net/limits.js';
import { UserSessionLimiter } from '../../src/net/user-sessions.js';

test('defaults allow at least 20 sessions per user and address (CLIENT-QUIRKS §2)', () => {
  assert.ok(DEFAULT_CONNECTION_LIMITS.perUserAndAddress >= 20);
  const limiter = new UserSessionLimiter();
  const releases: (() => void)[] = [];
  for (let i = 0; i < 20; i++) {
    const r = limiter.acquire(7, '192.0.2.1');
    assert.ok(r.ok);
    releases.push(r.release);
  }
  const over = limiter.acquire(7, '::ffff:192.0.2.1');
  assert.ok(!over.ok && over.reason === 'per-user-address', JSON.stringify(over));
  assert.match(over.ok ? '' : over.message, /too many connections .* from your address \(limit 20\)/);
  // Same user, another address; another user, same address.
  assert.ok(limiter.acquire(7, '192.0.2.2').ok);
  assert.ok(limiter.acquire(8, '192.0.2.1').ok);
  releases[0]?.();
  releases[0]?.(); // idempotent
  assert.equal(limiter.sessions(7, '192.0.2.1'), 19);
  assert.ok(limiter.acquire(7, '192.0.2.1').ok);
});

test('per-user total applies across addresses and a refused pair does not leak a user slot', () => {
  const limiter = new UserSessionLimiter({ perUser: 3, perUserAndAddress: 2 });
  assert.ok(limiter.acquire(1, '10.0.0.1').ok);
  assert.ok(limiter.acquire(1, '10.0.0.1').ok);
  const pair = limiter.acquire(1, '10.0.0.1');
  assert.equal(pair.ok ? '' : pair.reason, 'per-user-address');
  assert.equal(limiter.sessions(1), 2);
  assert.ok(limiter.acquire(1, '10.0.0.2').ok);
  const user = limiter.acquire(1, '10.0.0.3');
  assert.equal(user.ok ? '' : user.reason, 'per-user');
});

test('ConnectionCounter forgets keys that reach zero', () => {
  const c = new ConnectionCounter(2);
  const a = c.acquire('k');
  const b = c.acquire('k');
  assert.equal(c.acquire('k'), null);
  a?.();
  b?.();
  assert.equal(c.keys, 0);
});
