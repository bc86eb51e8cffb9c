import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AdmitResult, LoginThrottle, type ThrottleTicket } from '../../src/auth/throttle.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function go(r: AdmitResult): { waitMs: number; ticket: ThrottleTicket } {
  assert.equal(r.type, 'go', JSON.stringify(r));
  if (r.type !== 'go') throw new Error('unreachable');
  return r;
}

function fail(th: LoginThrottle, account: string, ip: string): number {
  const { waitMs, ticket } = go(th.admit(account, ip));
  th.record(ticket, 'failure');
  return waitMs;
}

test('3 free failures, then 1 s, 2 s, 4 s, 8 s, capped at 15 s, then refusal at 20', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  const waits: number[] = [];
  for (let i = 0; i < 20; i++) waits.push(fail(th, `user${i}@example.test`, '198.51.100.7'));
  assert.deepEqual(waits.slice(0, 9), [0, 0, 0, 0, 1000, 2000, 4000, 8000, 15000]);
  assert.ok(waits.slice(9).every((w) => w === 15000));
  const r = th.admit('someone@example.test', '198.51.100.7');
  assert.deepEqual(r, { type: 'refuse', retryAfterMs: 15 * 60_000 });
  // Another client is unaffected.
  assert.equal(go(th.admit('someone@example.test', '198.51.100.8')).waitMs, 0);
  // The refusal ends after the block.
  c.advance(15 * 60_000);
  assert.equal(go(th.admit('someone@example.test', '198.51.100.7')).waitMs, 0);
});

test('the wait counts from the previous failure, not from now', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  for (let i = 0; i < 4; i++) fail(th, 'a@example.test', '203.0.113.1');
  c.advance(600);
  const b = go(th.admit('b@example.test', '203.0.113.1'));
  assert.equal(b.waitMs, 400);
  th.record(b.ticket, 'neutral');
  c.advance(5000);
  assert.equal(go(th.admit('c@example.test', '203.0.113.1')).waitMs, 0);
});

test('failures are forgotten after the window', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  for (let i = 0; i < 10; i++) fail(th, `u${i}@example.test`, '203.0.113.2');
  c.advance(15 * 60_000);
  assert.equal(fail(th, 'x@example.test', '203.0.113.2'), 0);
  assert.equal(fail(th, 'x@example.test', '203.0.113.2'), 0);
});

test('while in back-off, a parallel attempt from the same client is refused', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  for (let i = 0; i < 5; i++) fail(th, `u${i}@example.test`, '203.0.113.3');
  const first = go(th.admit('v@example.test', '203.0.113.3'));
  assert.equal(first.waitMs, 2000);
  const second = th.admit('w@example.test', '203.0.113.3');
  assert.equal(second.type, 'refuse');
  th.record(first.ticket, 'failure');
  th.record(first.ticket, 'failure'); // settling twice is ignored
  assert.equal(go(th.admit('w@example.test', '203.0.113.3')).waitMs, 4000);
});

test('a distributed attack on one account slows unknown clients but not a known-good one', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  // Alice logs in from home once.
  th.record(go(th.admit('alice@example.test', '192.0.2.10')).ticket, 'success');
  // 8 attackers, one failure each: no client reaches its own limit, but the account does.
  const waits: number[] = [];
  for (let i = 0; i < 8; i++) waits.push(fail(th, 'alice@example.test', `198.51.100.${i}`));
  assert.deepEqual(waits, [0, 0, 0, 0, 0, 0, 1000, 2000]);
  // A new client trying alice now waits (account counter: 8 > 5 free -> 3rd step = 4 s).
  assert.equal(go(th.admit('Alice@Example.test', '198.51.100.200')).waitMs, 4000);
  // Alice at home is not slowed.
  const home = go(th.admit('alice@example.test', '192.0.2.10'));
  assert.equal(home.waitMs, 0);
  th.record(home.ticket, 'success');
  // Other accounts are not slowed for fresh clients.
  assert.equal(go(th.admit('bob@example.test', '198.51.100.201')).waitMs, 0);
});

test('a known-good pair is throttled on its own failures only', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  th.record(go(th.admit('carol@example.test', '192.0.2.20')).ticket, 'success');
  // Colleagues behind the same NAT fail 25 times: the client is blocked...
  for (let i = 0; i < 25; i++) {
    const r = th.admit(`other${i}@example.test`, '192.0.2.20');
    if (r.type === 'go') th.record(r.ticket, 'failure');
  }
  assert.equal(th.admit('dave@example.test', '192.0.2.20').type, 'refuse');
  // ...but carol still gets in from there.
  assert.equal(go(th.admit('carol@example.test', '192.0.2.20')).waitMs, 0);
  // Her own typos count against the pair: 3 free, then back-off, block at 20.
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) waits.push(fail(th, 'carol@example.test', '192.0.2.20'));
  assert.deepEqual(waits, [0, 0, 0, 0, 1000]);
  for (let i = 0; i < 15; i++) fail(th, 'carol@example.test', '192.0.2.20');
  assert.equal(th.admit('carol@example.test', '192.0.2.20').type, 'refuse');
});

test('known-good expires after 30 days', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  th.record(go(th.admit('erin@example.test', '192.0.2.30')).ticket, 'success');
  c.advance(31 * 24 * 3600_000);
  for (let i = 0; i < 6; i++) fail(th, 'erin@example.test', `198.51.100.${i}`);
  assert.ok(go(th.admit('erin@example.test', '192.0.2.30')).waitMs > 0);
});

test('IPv6 clients are counted per /64; IPv4-mapped addresses as IPv4', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now });
  for (let i = 1; i <= 4; i++) fail(th, `u${i}@example.test`, `2001:db8:1:2::${i}`);
  assert.equal(go(th.admit('z@example.test', '2001:db8:1:2:ffff::9')).waitMs, 1000);
  assert.equal(go(th.admit('z@example.test', '2001:db8:1:3::1')).waitMs, 0);
  for (let i = 1; i <= 4; i++) fail(th, `u${i}@example.test`, '203.0.113.9');
  assert.equal(go(th.admit('z@example.test', '::ffff:203.0.113.9')).waitMs, 1000);
});

test('memory stays bounded under a flood of clients and names, and stale entries are swept', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now, policy: { maxEntries: 100 } });
  for (let i = 0; i < 2000; i++) fail(th, `n${i}@example.test`, `10.${i >> 8}.${i & 255}.1`);
  const s = th.stats();
  assert.ok(s.clients <= 100 && s.accounts <= 100, JSON.stringify(s));
  c.advance(16 * 60_000);
  th.admit('x@example.test', '10.9.9.9');
  assert.equal(th.stats().clients, 0);
  assert.equal(th.stats().accounts, 0);
});

test('an exempt client (webmail host) is throttled per account, never as a whole', () => {
  const c = clock();
  const th = new LoginThrottle({ now: c.now, policy: { exemptClients: ['::ffff:192.0.2.80'] } });
  // Thirty users mistype twice each through webmail: nobody is slowed.
  for (let u = 0; u < 30; u++)
    for (let i = 0; i < 2; i++) assert.equal(fail(th, `u${u}@example.test`, '192.0.2.80'), 0);
  assert.equal(go(th.admit('fresh@example.test', '192.0.2.80')).waitMs, 0);
  // Someone guessing one account through it is slowed, then refused for that account only.
  const waits: number[] = [];
  for (let i = 0; i < 20; i++) waits.push(fail(th, 'victim@example.test', '192.0.2.80'));
  assert.deepEqual(waits.slice(0, 6), [0, 0, 0, 0, 1000, 2000]);
  assert.equal(th.admit('victim@example.test', '192.0.2.80').type, 'refuse');
  assert.equal(go(th.admit('u1@example.test', '192.0.2.80')).waitMs, 0);
});
