import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientKey, expandIPv6, isLoopback, normalizeAddress } from '../../src/net/address.js';

test('isLoopback covers IPv4 127/8, ::1 and IPv4-mapped forms', () => {
  for (const a of [
    '127.0.0.1',
    '127.255.0.9',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::FFFF:127.1.2.3',
    '::ffff:7f00:1',
    '::1%lo',
  ])
    assert.equal(isLoopback(a), true, a);
  for (const a of [
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    '::ffff:10.0.0.1',
    'fe80::1',
    'localhost',
    '',
    undefined,
    null,
    '1.2.3',
    '::ffff:999.0.0.1',
  ])
    assert.equal(isLoopback(a), false, String(a));
});

test('normalizeAddress strips the IPv4-mapped prefix and zone ids', () => {
  assert.equal(normalizeAddress('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(normalizeAddress('FE80::1%eth0'), 'fe80::1');
  assert.equal(normalizeAddress('2001:db8::1'), '2001:db8::1');
});

test('expandIPv6 handles ::, embedded IPv4, and refuses junk', () => {
  assert.deepEqual(expandIPv6('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(expandIPv6('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(expandIPv6('::ffff:1.2.3.4'), [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
  assert.deepEqual(expandIPv6('1:2:3:4:5:6:7:8'), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(expandIPv6('1.2.3.4'), null);
  assert.equal(expandIPv6('1::2::3'), null);
});

test('clientKey groups IPv6 by /64 and IPv4-mapped as IPv4', () => {
  assert.equal(clientKey('2001:db8:1:2::5'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
  assert.equal(clientKey('::ffff:198.51.100.3'), '198.51.100.3');
  assert.equal(clientKey(undefined), 'unknown');
});
