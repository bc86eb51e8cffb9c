import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProxyHeader } from '../../src/net/proxy-protocol.js';

const SIG = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

function v2(cmd: number, family: number, body: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([SIG, Buffer.from([0x20 | cmd, family]), len, body]);
}

test('v1 TCP4 and TCP6 headers (proxy-protocol.txt §2.1 examples)', () => {
  const h = Buffer.from('PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nA001 CAPABILITY\r\n');
  assert.deepEqual(parseProxyHeader(h), {
    type: 'ok',
    consumed: 47,
    source: { address: '192.168.0.1', port: 56324 },
    destination: { address: '192.168.0.11', port: 443 },
  });
  const h6 = Buffer.from('PROXY TCP6 2001:db8::1 2001:db8::2 1234 993\r\n');
  const r = parseProxyHeader(h6);
  assert.equal(r.type === 'ok' ? r.source?.address : null, '2001:db8::1');
  assert.deepEqual(parseProxyHeader(Buffer.from('PROXY UNKNOWN\r\n')), {
    type: 'ok',
    consumed: 15,
    source: null,
    destination: null,
  });
  assert.equal(parseProxyHeader(Buffer.from('PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n')).type, 'ok');
});

test('v1 incomplete, malformed and oversized headers', () => {
  for (const part of ['P', 'PROXY', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r'])
    assert.deepEqual(parseProxyHeader(Buffer.from(part)), { type: 'incomplete' }, part);
  for (const bad of [
    'PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n',
    'PROXY TCP4 1.2.3.999 5.6.7.8 1 2\r\n',
    'PROXY TCP4 ::1 5.6.7.8 1 2\r\n',
    'PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n',
    'PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n',
    'PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n',
    `PROXY TCP4 ${'1'.repeat(120)}`,
    'GET / HTTP/1.1\r\n',
    'A001 LOGIN x y\r\n',
  ])
    assert.equal(parseProxyHeader(Buffer.from(bad)).type, 'error', bad);
});

test('v2 PROXY over IPv4 and IPv6, LOCAL, unknown families, TLVs skipped', () => {
  const v4 = Buffer.from([192, 0, 2, 1, 198, 51, 100, 2, 0x30, 0x39, 0x03, 0xe1]);
  const tlv = Buffer.from([0x04, 0x00, 0x01, 0x00]); // a NOOP TLV
  const r4 = parseProxyHeader(Buffer.concat([v2(1, 0x11, Buffer.concat([v4, tlv])), Buffer.from('rest')]));
  assert.deepEqual(r4, {
    type: 'ok',
    consumed: 16 + 16,
    source: { address: '192.0.2.1', port: 12345 },
    destination: { address: '198.51.100.2', port: 993 },
  });
  const v6 = Buffer.alloc(36);
  v6.writeUInt16BE(0x2001, 0);
  v6.writeUInt16BE(0x0db8, 2);
  v6.writeUInt16BE(1, 14);
  v6.writeUInt16BE(0xfe80, 16);
  v6.writeUInt16BE(40000, 32);
  v6.writeUInt16BE(143, 34);
  const r6 = parseProxyHeader(v2(1, 0x21, v6));
  assert.equal(r6.type === 'ok' ? r6.source?.address : '', '2001:db8:0:0:0:0:0:1');
  assert.equal(r6.type === 'ok' ? r6.source?.port : 0, 40000);
  assert.deepEqual(parseProxyHeader(v2(0, 0x00, Buffer.alloc(0))), {
    type: 'ok',
    consumed: 16,
    source: null,
    destination: null,
  });
  assert.equal((parseProxyHeader(v2(1, 0x31, Buffer.alloc(216))) as { source: unknown }).source, null);
});

test('v2 incomplete and invalid headers', () => {
  const full = v2(1, 0x11, Buffer.alloc(12));
  for (let n = 1; n < full.length; n++)
    assert.deepEqual(parseProxyHeader(full.subarray(0, n)), { type: 'incomplete' }, `length ${n}`);
  const badVersion = Buffer.from(full);
  badVersion[12] = 0x11;
  assert.equal(parseProxyHeader(badVersion).type, 'error');
  const badCommand = Buffer.from(full);
  badCommand[12] = 0x22;
  assert.equal(parseProxyHeader(badCommand).type, 'error');
  assert.equal(parseProxyHeader(v2(1, 0x11, Buffer.alloc(4))).type, 'error');
  assert.equal(parseProxyHeader(v2(1, 0x21, Buffer.alloc(12))).type, 'error');
  const huge = Buffer.concat([SIG, Buffer.from([0x21, 0x11, 0xff, 0xff])]);
  assert.equal(parseProxyHeader(huge).type, 'error');
});
