// No plaintext password before TLS on a non-loopback connection (issue 4).
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { startMemoryPop3 } from './helpers/memory-server.js';
import { RawPop3 } from './helpers/raw-client.js';

function nonLoopbackIPv4(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

test('USER, PASS and AUTH are refused with [AUTH] before STLS from a remote address', async (t) => {
  const ip = nonLoopbackIPv4();
  if (!ip) {
    t.skip('no non-loopback IPv4 address on this machine');
    return;
  }
  const srv = await startMemoryPop3({}, '0.0.0.0');
  try {
    const c = await RawPop3.connect(srv.port, ip);
    await c.line();
    assert.match(await c.cmd('CAPA'), /^\+OK/);
    const caps = await c.lines();
    assert.ok(caps.includes('STLS'));
    assert.ok(!caps.includes('USER'), 'USER must not be advertised before TLS');
    assert.ok(!caps.some((x) => x.startsWith('SASL')), 'SASL must not be advertised before TLS');
    assert.match(
      await c.cmd('USER alice@example.test'),
      /^-ERR \[AUTH\] Plaintext authentication disallowed/,
    );
    assert.match(await c.cmd('PASS Secret-1'), /^-ERR \[AUTH\] Plaintext/);
    assert.match(
      await c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABTZWNyZXQtMQ=='),
      /^-ERR \[AUTH\] Plaintext/,
    );
    assert.equal(await c.cmd('STLS'), '+OK Begin TLS negotiation');
    await c.starttls();
    assert.match(await c.cmd('USER alice@example.test'), /^\+OK/);
    assert.match(await c.cmd('PASS Secret-1'), /^\+OK Logged in/);
    await c.cmd('QUIT');
  } finally {
    await srv.close();
  }
});
