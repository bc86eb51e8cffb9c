// Bad input: overlong lines, literals refused before they are read, unknown commands,
// bad sequence sets, broken UTF-8, repeated garbage; the session goes on (or says BYE
// after repeated abuse) and other sessions are unaffected.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ limits: { maxBadCommands: 10, wire: { maxLineLength: 8192 } } });
});
after(async () => {
  await srv.stop();
});

test('an overlong line is BAD [LIMIT] and the session goes on', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  c.send(`a NOOP ${'x'.repeat(20000)}\r\n`);
  assert.match(await c.waitFor(/^a /), /^a BAD \[LIMIT\]/);
  assert.match((await c.command('b', 'NOOP')).at(-1)!, /^b OK/);
  c.close();
});

test('an APPEND literal over APPENDLIMIT is refused with a tagged NO [TOOBIG] before "+"', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  const caps = (await c.command('x', 'CAPABILITY'))[0]!;
  const limit = Number(/APPENDLIMIT=(\d+)/.exec(caps)![1]);
  c.send(`a APPEND INBOX {${limit + 1}}\r\n`);
  const r = await c.waitFor(/^(a |\+)/);
  assert.match(r, /^a NO \[TOOBIG\]/);
  assert.match((await c.command('b', 'NOOP')).at(-1)!, /^b OK/);
  // APPEND to a missing mailbox: NO [TRYCREATE] before the message is sent.
  c.send('t APPEND Missing {10}\r\n');
  assert.match(await c.waitFor(/^(t |\+)/), /^t NO \[TRYCREATE\]/);
  // A non-synchronising literal over the 64 KiB literal limit (LITERAL+, RFC 7888 §4) is
  // refused too, and drained.
  c.send(`c LOGIN {70000+}\r\n${'y'.repeat(70000)} pw\r\n`);
  assert.match(await c.waitFor(/^c /), /^c (NO \[TOOBIG\]|BAD)/);
  assert.match((await c.command('d', 'NOOP')).at(-1)!, /^d OK/);
  c.close();
});

test('unknown commands, bad sequence sets, broken UTF-8: BAD, session continues', async () => {
  const c = await RawImap.selected(srv.port);
  assert.match((await c.command('a', 'XYZZY')).at(-1)!, /^a BAD/);
  assert.match((await c.command('b', 'FETCH 0:x FLAGS')).at(-1)!, /^b BAD/);
  c.send(Buffer.from('c CREATE "\xff\xfe"\r\n', 'latin1'));
  assert.match(await c.waitFor(/^c /), /^c (BAD|NO)/);
  assert.match((await c.command('d', 'UID FROB 1')).at(-1)!, /^d BAD/);
  assert.match((await c.command('e', 'NOOP')).at(-1)!, /^e OK/);
  c.close();
});

test('repeated garbage ends the session with BYE; another session is unaffected', async () => {
  const other = await RawImap.open(srv.port);
  await other.login();
  const c = await RawImap.open(srv.port);
  for (let i = 0; i < 10; i++) c.send(`g${i} GARBAGE\r\n`);
  await c.waitFor(/^\* BYE/);
  await c.whenClosed();
  assert.match((await other.command('a', 'NOOP')).at(-1)!, /^a OK/);
  other.close();
});

test('a synchronising literal is accepted with "+ " and the command completes', async () => {
  const c = await RawImap.open(srv.port);
  c.send('a LOGIN {18}\r\n');
  assert.match(await c.waitFor(/^\+ /), /^\+ \S/);
  c.send('alice@example.test {8}\r\n');
  await c.waitFor(/^\+ /);
  c.send('Secret-1\r\n');
  assert.match(await c.waitFor(/^a /), /^a OK/);
  c.close();
});

test('timeouts: a silent client is logged out; IDLE ends after its maximum', async () => {
  const quick = await startTestServer({ limits: { preAuthTimeoutMs: 150 } });
  const idling = await startTestServer({ limits: { keepaliveMs: 50, idleMaxMs: 200 } });
  try {
    const silent = await RawImap.open(quick.port);
    assert.match(await silent.waitFor(/^\* BYE/), /Autologout/);
    await silent.whenClosed();
    const idler = await RawImap.open(idling.port);
    await idler.login();
    idler.send('i IDLE\r\n');
    await idler.waitFor(/^\+ idling/);
    assert.match(await idler.waitFor(/^\* BYE/), /Autologout/);
    await idler.whenClosed();
  } finally {
    await quick.stop();
    await idling.stop();
  }
});

test('commands per second: a burst beyond the bucket is slowed down, never refused', async () => {
  const slow = await startTestServer({ limits: { commandsPerSecond: 20, commandBurst: 2 } });
  try {
    const c = await RawImap.open(slow.port);
    const t0 = performance.now();
    c.send(Array.from({ length: 8 }, (_, i) => `n${i} NOOP\r\n`).join(''));
    for (let i = 0; i < 8; i++) assert.match(await c.waitFor(new RegExp(`^n${i} `)), /OK/);
    // 8 commands with a bucket of 2 at 20/s: at least ~6 * 50 ms.
    assert.ok(performance.now() - t0 >= 250);
    c.close();
  } finally {
    await slow.stop();
  }
});
