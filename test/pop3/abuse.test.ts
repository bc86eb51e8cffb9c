// Bad input against the full stack: 200 concurrent logins, garbage, wrong states,
// out-of-range numbers. Every reply is an -ERR with a response code or a +OK, and the
// server keeps serving.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CoreFixture, startCoreFixture } from './helpers/core-fixture.js';
import { RawPop3 } from './helpers/raw-client.js';

let f: CoreFixture;
before(async () => {
  f = await startCoreFixture();
  await f.deliver('Subject: hi\r\n\r\nhello\r\n');
});
after(() => f.close());

const ERR_WITH_CODE = /^-ERR \[(SYS\/PERM|SYS\/TEMP|AUTH|IN-USE|LOGIN-DELAY)\] \S/;

test('200 concurrent logins: one wins the maildrop, the rest get [IN-USE] or succeed after', async () => {
  const attempt = async () => {
    const c = await RawPop3.connect(f.port);
    assert.match(await c.line(), /^\+OK/);
    assert.match(await c.cmd(`USER ${f.user}`), /^\+OK/);
    const r = await c.cmd(`PASS ${f.password}`);
    if (r.startsWith('+OK')) {
      assert.match(await c.cmd('STAT'), /^\+OK 1 /);
      assert.match(await c.cmd('QUIT'), /^\+OK/);
    } else assert.match(r, /^-ERR \[IN-USE\] /);
    c.destroy();
    return r.startsWith('+OK');
  };
  const results = await Promise.all(Array.from({ length: 200 }, attempt));
  assert.ok(results.filter(Boolean).length >= 1);
  // And 200 concurrent sessions of 200 different users all get in.
  const users = await Promise.all(Array.from({ length: 200 }, (_, i) => f.addUser(`load${i}@example.test`)));
  assert.equal(users.length, 200);
  const logins = await Promise.all(
    users.map(async (_, i) => {
      const c = await RawPop3.connect(f.port);
      await c.line();
      await c.cmd(`USER load${i}@example.test`);
      const r = await c.cmd('PASS Secret-1');
      await c.cmd('QUIT');
      c.destroy();
      return r;
    }),
  );
  for (const r of logins) assert.match(r, /^\+OK Logged in/);
  assert.equal(await f.inbox().then((x) => x.length), 1, 'nothing lost');
});

test('garbage, wrong states and out-of-range numbers: -ERR with a code, never a crash', async () => {
  const c = await RawPop3.connect(f.port);
  await c.line();
  for (const line of ['STAT', 'RETR 1', 'DELE 1', 'LIST', 'UIDL', 'TOP 1 1', 'NOOP', 'RSET', 'PASS x'])
    assert.match(await c.cmd(line), ERR_WITH_CODE, `before login: ${line}`);
  c.write(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x0d, 0x0a]));
  assert.match(await c.line(), ERR_WITH_CODE);
  c.destroy(); // each connection may send 20 invalid commands before it is dropped
  const c2 = await RawPop3.connect(f.port);
  await c2.line();
  assert.match(await c2.cmd(`USER ${f.user}`), /^\+OK/);
  assert.match(await c2.cmd(`PASS ${f.password}`), /^\+OK/);
  for (const line of [
    'USER x',
    'PASS y',
    'STLS',
    'AUTH PLAIN',
    'RETR 2',
    'RETR 99999999999',
    'LIST 0',
    'TOP 1 -5',
    'DELE',
    '\u00e9t\u00e9',
  ])
    assert.match(await c2.cmd(line), ERR_WITH_CODE, `after login: ${line}`);
  assert.match(await c2.cmd(`TOP 1 ${'9'.repeat(30)}`), ERR_WITH_CODE);
  assert.match(await c2.cmd('RETR 1'), /^\+OK/);
  await c2.multiline();
  assert.match(await c2.cmd('QUIT'), /^\+OK/);
  // An overlong line (beyond 8 KiB) is refused, the session survives.
  const d = await RawPop3.connect(f.port);
  await d.line();
  assert.match(await d.cmd(`USER ${'a'.repeat(10_000)}`), /^-ERR \[SYS\/PERM\] Line too long/);
  assert.match(await d.cmd('CAPA'), /^\+OK/);
  await d.lines();
  d.destroy();
  // Still serving.
  const e = await RawPop3.connect(f.port);
  assert.match(await e.line(), /^\+OK/);
  e.destroy();
});
