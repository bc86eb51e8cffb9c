// The session state machine over real sockets, with the in-memory backend.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type MemoryPop3, startMemoryPop3 } from './helpers/memory-server.js';
import { RawPop3 } from './helpers/raw-client.js';

let srv: MemoryPop3;
const ALICE = 'alice@example.test';

before(async () => {
  srv = await startMemoryPop3({ limits: { maxLineLength: 255 } });
  srv.backend.chunkSize = 7; // every message crosses many chunk boundaries
});
after(() => srv.close());

async function login(user = ALICE): Promise<RawPop3> {
  const c = await RawPop3.connect(srv.port);
  assert.match(await c.line(), /^\+OK /);
  assert.match(await c.cmd(`USER ${user}`), /^\+OK/);
  assert.match(await c.cmd('PASS Secret-1'), /^\+OK Logged in/);
  return c;
}

function freshUser(name: string, messages: string[]): string[] {
  srv.backend.addUser(name, 'Secret-1');
  return messages.map((m) => srv.backend.deliver(name, m));
}

test('greeting has no APOP timestamp; CAPA before login lists STLS and USER (loopback)', async () => {
  const c = await RawPop3.connect(srv.port);
  const greeting = await c.line();
  assert.match(greeting, /^\+OK /);
  assert.doesNotMatch(greeting, /<.*@.*>/);
  assert.match(await c.cmd('CAPA'), /^\+OK/);
  const caps = await c.lines();
  for (const cap of ['TOP', 'UIDL', 'USER', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'STLS'])
    assert.ok(caps.includes(cap), `missing ${cap} in ${caps}`);
  assert.ok(caps.includes('SASL PLAIN LOGIN'));
  assert.ok(caps.includes('LOGIN-DELAY 0'));
  assert.ok(caps.includes('IMPLEMENTATION Postroom'));
  assert.ok(caps.some((x) => /^EXPIRE (NEVER|\d+)/.test(x)));
  assert.equal(await c.cmd('QUIT'), '+OK Bye');
  await c.waitClosed();
});

test('wrong password: -ERR [AUTH], session stays in AUTHORIZATION', async () => {
  const c = await RawPop3.connect(srv.port);
  await c.line();
  await c.cmd(`USER ${ALICE}`);
  assert.match(await c.cmd('PASS nope'), /^-ERR \[AUTH\] /);
  assert.match(await c.cmd('STAT'), /^-ERR \[SYS\/PERM\] STAT is not valid in the AUTHORIZATION state/);
  assert.match(await c.cmd('PASS Secret-1'), /^-ERR \[SYS\/PERM\] PASS must follow/);
  c.destroy();
});

test('STAT, LIST, UIDL, RETR, TOP on a fixed snapshot', async () => {
  const user = 'snap@example.test';
  const bodies = ['Subject: one\r\n\r\nbody one\r\n', 'Subject: two\r\n\r\n.dot line\r\nsecond\r\n'];
  const uidls = freshUser(user, bodies);
  const c = await login(user);
  assert.equal(await c.cmd('STAT'), `+OK 2 ${bodies[0]!.length + bodies[1]!.length}`);
  assert.match(await c.cmd('LIST'), /^\+OK/);
  assert.deepEqual(await c.lines(), [`1 ${bodies[0]!.length}`, `2 ${bodies[1]!.length}`]);
  assert.equal(await c.cmd('LIST 2'), `+OK 2 ${bodies[1]!.length}`);
  assert.match(await c.cmd('UIDL'), /^\+OK/);
  assert.deepEqual(await c.lines(), [`1 ${uidls[0]}`, `2 ${uidls[1]}`]);
  assert.equal(await c.cmd('UIDL 1'), `+OK 1 ${uidls[0]}`);
  assert.equal(await c.cmd('RETR 2'), `+OK ${bodies[1]!.length} octets`);
  assert.equal((await c.multiline()).toString(), 'Subject: two\r\n\r\n..dot line\r\nsecond\r\n');
  assert.match(await c.cmd('TOP 2 1'), /^\+OK/);
  assert.equal((await c.multiline()).toString(), 'Subject: two\r\n\r\n..dot line\r\n');
  // New mail and an expunge elsewhere: numbering and sizes do not move.
  srv.backend.deliver(user, 'Subject: three\r\n\r\nx\r\n');
  srv.backend.expunge(user, uidls[0]!);
  assert.equal(await c.cmd('STAT'), `+OK 2 ${bodies[0]!.length + bodies[1]!.length}`);
  assert.match(await c.cmd('RETR 1'), /^-ERR \[SYS\/PERM\] Message 1 was deleted by another client/);
  assert.equal(await c.cmd('UIDL 1'), `+OK 1 ${uidls[0]}`);
  assert.match(await c.cmd('RETR 3'), /^-ERR \[SYS\/PERM\] No such message: 3/);
  assert.equal(await c.cmd('QUIT'), '+OK Bye, 0 messages deleted');
});

test('DELE marks, RSET unmarks, QUIT deletes; deleted messages are hidden from LIST', async () => {
  const user = 'dele@example.test';
  freshUser(user, ['A: 1\r\n\r\n1\r\n', 'A: 2\r\n\r\n2\r\n', 'A: 3\r\n\r\n3\r\n']);
  const c = await login(user);
  assert.equal(await c.cmd('DELE 2'), '+OK Message 2 marked for deletion');
  assert.match(await c.cmd('DELE 2'), /^-ERR \[SYS\/PERM\] Message 2 is already marked/);
  assert.match(await c.cmd('RETR 2'), /^-ERR \[SYS\/PERM\]/);
  assert.match(await c.cmd('LIST'), /^\+OK 2 messages/);
  assert.deepEqual(
    (await c.lines()).map((l) => l.split(' ')[0]),
    ['1', '3'],
  );
  assert.match(await c.cmd('RSET'), /^\+OK/);
  assert.match(await c.cmd('STAT'), /^\+OK 3 /);
  assert.match(await c.cmd('DELE 1'), /^\+OK/);
  assert.match(await c.cmd('DELE 3'), /^\+OK/);
  assert.equal(srv.backend.users.get(user)!.messages.length, 3, 'nothing deleted before QUIT');
  assert.equal(await c.cmd('QUIT'), '+OK Bye, 2 messages deleted');
  await c.waitClosed();
  assert.deepEqual(
    srv.backend.users.get(user)!.messages.map((m) => m.bytes.toString()),
    ['A: 2\r\n\r\n2\r\n'],
  );
});

test('a dropped connection deletes nothing and releases the lock', async () => {
  const user = 'drop@example.test';
  freshUser(user, ['A: 1\r\n\r\n1\r\n', 'A: 2\r\n\r\n2\r\n']);
  const c = await login(user);
  assert.match(await c.cmd('DELE 1'), /^\+OK/);
  assert.match(await c.cmd('DELE 2'), /^\+OK/);
  c.destroy();
  // The next login succeeds only once the first session released its lock.
  let c2: RawPop3 | null = null;
  for (let i = 0; i < 50 && !c2; i++) {
    const t = await RawPop3.connect(srv.port);
    await t.line();
    await t.cmd(`USER ${user}`);
    const r = await t.cmd('PASS Secret-1');
    if (r.startsWith('+OK')) c2 = t;
    else {
      assert.match(r, /^-ERR \[IN-USE\]/);
      t.destroy();
      await new Promise((res) => setImmediate(res));
    }
  }
  assert.ok(c2);
  assert.match(await c2.cmd('STAT'), /^\+OK 2 /);
  await c2.cmd('QUIT');
  assert.equal(srv.backend.users.get(user)!.messages.length, 2);
});

test('pipelined DELE + QUIT followed by a close is a clean QUIT', async () => {
  const user = 'pipe@example.test';
  freshUser(user, ['A: 1\r\n\r\n1\r\n']);
  const c = await RawPop3.connect(srv.port);
  await c.line();
  c.write(`USER ${user}\r\nPASS Secret-1\r\nSTAT\r\nDELE 1\r\nQUIT\r\n`);
  assert.match(await c.line(), /^\+OK/);
  assert.match(await c.line(), /^\+OK Logged in/);
  assert.match(await c.line(), /^\+OK 1 /);
  assert.match(await c.line(), /^\+OK Message 1/);
  assert.match(await c.line(), /^\+OK Bye, 1 messages deleted/);
  await c.waitClosed();
  assert.equal(srv.backend.users.get(user)!.messages.length, 0);
});

test('second session on one maildrop gets -ERR [IN-USE]', async () => {
  const user = 'lock@example.test';
  freshUser(user, []);
  const a = await login(user);
  const b = await RawPop3.connect(srv.port);
  await b.line();
  await b.cmd(`USER ${user}`);
  assert.match(await b.cmd('PASS Secret-1'), /^-ERR \[IN-USE\] /);
  await a.cmd('QUIT');
  await a.waitClosed();
  assert.match(await b.cmd(`USER ${user}`), /^\+OK/);
  assert.match(await b.cmd('PASS Secret-1'), /^\+OK Logged in/);
  await b.cmd('QUIT');
});

test('bad input: garbage, unknown verbs, bad numbers all get -ERR with a code', async () => {
  const c = await login();
  for (const bad of [
    'HELO x',
    'GET / HTTP/1.0',
    'RETR 0',
    'RETR -1',
    'RETR abc',
    'LIST 1 2',
    'TOP 1',
    'APOP a b',
  ]) {
    const r = await c.cmd(bad);
    assert.match(r, /^-ERR \[(SYS\/PERM|SYS\/TEMP|AUTH|IN-USE|LOGIN-DELAY)\] /, bad);
  }
  assert.match(await c.cmd('RETR 4294967295'), /^-ERR \[SYS\/PERM\]/);
  c.write(Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a]));
  assert.match(await c.line(), /^-ERR \[SYS\/PERM\]/);
  assert.match(await c.cmd('NOOP'), /^\+OK/);
  await c.cmd('QUIT');
});

test('overlong lines get -ERR and repeated abuse closes the connection', async () => {
  const c = await RawPop3.connect(srv.port);
  await c.line();
  for (let i = 0; i < 3; i++) assert.match(await c.cmd('X'.repeat(300)), /^-ERR \[SYS\/PERM\] Line too long/);
  assert.match(await c.cmd('NOOP'.padEnd(400, ' ')), /^-ERR \[SYS\/PERM\] Too many overlong lines/);
  await c.waitClosed();
});

test('too many invalid commands closes the connection', async () => {
  const c = await RawPop3.connect(srv.port);
  await c.line();
  let last = '';
  for (let i = 0; i < 21; i++) last = await c.cmd('BOGUS');
  assert.match(last, /^-ERR \[SYS\/PERM\] Too many invalid commands/);
  await c.waitClosed();
});

test('AUTH PLAIN with initial response, AUTH LOGIN with prompts, and "*" cancel', async () => {
  const plain = Buffer.from(`\0${ALICE}\0Secret-1`).toString('base64');
  const c = await RawPop3.connect(srv.port);
  await c.line();
  assert.match(await c.cmd('AUTH'), /^\+OK/);
  assert.deepEqual(await c.lines(), ['PLAIN', 'LOGIN']);
  assert.equal(await c.cmd('AUTH PLAIN'), '+ ');
  assert.match(await c.cmd('*'), /^-ERR \[AUTH\] Authentication cancelled/);
  assert.match(await c.cmd('AUTH CRAM-MD5'), /^-ERR \[SYS\/PERM\] Unsupported mechanism/);
  assert.match(await c.cmd(`AUTH PLAIN ${plain}`), /^\+OK Logged in/);
  await c.cmd('QUIT');

  const l = await RawPop3.connect(srv.port);
  await l.line();
  assert.equal(await l.cmd('AUTH LOGIN'), `+ ${Buffer.from('Username:').toString('base64')}`);
  assert.equal(
    await l.cmd(Buffer.from(ALICE).toString('base64')),
    `+ ${Buffer.from('Password:').toString('base64')}`,
  );
  assert.match(await l.cmd(Buffer.from('wrong').toString('base64')), /^-ERR \[AUTH\]/);
  assert.match(await l.cmd('AUTH PLAIN !!!!'), /^-ERR \[SYS\/PERM\]/);
  await l.cmd('QUIT');
});

test('STLS upgrades, then CAPA no longer offers STLS, and login works over TLS', async () => {
  const c = await RawPop3.connect(srv.port);
  await c.line();
  c.write('STLS\r\nNOOP\r\n'); // the pipelined NOOP must be discarded, not run inside TLS
  assert.equal(await c.line(), '+OK Begin TLS negotiation');
  await c.starttls();
  assert.match(await c.cmd('CAPA'), /^\+OK/);
  const caps = await c.lines();
  assert.ok(!caps.includes('STLS'));
  assert.match(await c.cmd('STLS'), /^-ERR \[SYS\/PERM\] TLS is already active/);
  assert.match(await c.cmd(`USER ${ALICE}`), /^\+OK/);
  assert.match(await c.cmd('PASS Secret-1'), /^\+OK Logged in/);
  await c.cmd('QUIT');
});

test('implicit TLS port works', async () => {
  const c = await RawPop3.connect(srv.tlsPort, '127.0.0.1', true);
  assert.match(await c.line(), /^\+OK/);
  assert.match(await c.cmd(`USER ${ALICE}`), /^\+OK/);
  assert.match(await c.cmd('PASS Secret-1'), /^\+OK Logged in/);
  await c.cmd('QUIT');
});

test('a large message streams byte-exact with small reads', async () => {
  const user = 'big@example.test';
  const line = `${'y'.repeat(70)}\r\n.${'z'.repeat(10)}\r\n`;
  const body = `Subject: big\r\n\r\n${line.repeat(20000)}`;
  freshUser(user, [body]);
  srv.backend.chunkSize = 65536;
  try {
    const c = await login(user);
    assert.equal(await c.cmd('RETR 1'), `+OK ${body.length} octets`);
    const got = (await c.multiline()).toString('latin1').replace(/\r\n\.\./g, '\r\n.');
    assert.equal(got, body);
    await c.cmd('QUIT');
  } finally {
    srv.backend.chunkSize = 7;
  }
});

test('idle timeout ends the session without deleting', async () => {
  const s2 = await startMemoryPop3({ idleTimeoutMs: 150 });
  try {
    s2.backend.deliver('alice@example.test', 'A: 1\r\n\r\n1\r\n');
    const c = await RawPop3.connect(s2.port);
    await c.line();
    await c.cmd('USER alice@example.test');
    await c.cmd('PASS Secret-1');
    await c.cmd('DELE 1');
    assert.match(await c.line(), /^-ERR \[SYS\/TEMP\] Idle timeout/);
    await c.waitClosed();
    assert.equal(s2.backend.users.get('alice@example.test')!.messages.length, 1);
  } finally {
    await s2.close();
  }
});

test('graceful shutdown tells the client and deletes nothing', async () => {
  const s2 = await startMemoryPop3();
  s2.backend.deliver('alice@example.test', 'A: 1\r\n\r\n1\r\n');
  const c = await RawPop3.connect(s2.port);
  await c.line();
  await c.cmd('USER alice@example.test');
  await c.cmd('PASS Secret-1');
  await c.cmd('DELE 1');
  await s2.close();
  assert.match(await c.line(), /^-ERR \[SYS\/TEMP\] Server shutting down/);
  await c.waitClosed();
  assert.equal(s2.backend.users.get('alice@example.test')!.messages.length, 1);
});

test('over the per-address connection limit: -ERR [SYS/TEMP] and close', async () => {
  const s2 = await startMemoryPop3({ connectionLimits: { perAddress: 2 } });
  try {
    const a = await RawPop3.connect(s2.port);
    const b = await RawPop3.connect(s2.port);
    assert.match(await a.line(), /^\+OK/);
    assert.match(await b.line(), /^\+OK/);
    const c = await RawPop3.connect(s2.port);
    assert.match(await c.line(), /^-ERR \[SYS\/TEMP\] too many connections/);
    await c.waitClosed();
    a.destroy();
    b.destroy();
  } finally {
    await s2.close();
  }
});

test('RETR honours backpressure: a client that stops reading holds the server to a bounded buffer', async () => {
  const { createHash } = await import('node:crypto');
  const user = 'slow@example.test';
  const body = Buffer.alloc(12 * 1024 * 1024 * 2, 'abcdefghij\r\n'); // 24 MiB of whole lines
  freshUser(user, [body.toString('latin1')]);
  srv.backend.chunkSize = 65536;
  try {
    const c = await login(user);
    c.pause();
    c.write('RETR 1\r\n');
    // Wait until the server's queued output stops changing (it is blocked on 'drain').
    let last = -1;
    let same = 0;
    while (same < 10) {
      await new Promise((r) => setTimeout(r, 20));
      const now = srv.server.queuedOutputBytes();
      same = now === last ? same + 1 : 0;
      last = now;
    }
    assert.ok(last < 1024 * 1024, `server holds ${last} bytes for a paused client`);
    c.resume();
    assert.equal(await c.line(), `+OK ${body.length} octets`);
    const got = await c.multiline();
    assert.equal(
      createHash('sha256').update(got).digest('hex'),
      createHash('sha256').update(body).digest('hex'),
    );
    await c.cmd('QUIT');
  } finally {
    srv.backend.chunkSize = 7;
  }
});

test('a long pipelined burst (more than the queue holds) is answered in order', async () => {
  const c = await login();
  const n = 300; // > maxQueuedLines: reading pauses and resumes
  c.write(`${Array.from({ length: n }, (_, i) => (i % 2 ? 'NOOP' : 'STAT')).join('\r\n')}\r\nQUIT\r\n`);
  for (let i = 0; i < n; i++) assert.match(await c.line(), i % 2 ? /^\+OK$/ : /^\+OK \d+ \d+$/, `reply ${i}`);
  assert.match(await c.line(), /^\+OK Bye/);
  await c.waitClosed();
});
