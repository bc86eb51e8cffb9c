// Python's poplib against a real server: every command, STLS, AUTH, snapshot semantics,
// a dropped connection, and a large message compared by sha256.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { python } from '../helpers/clients.js';
import { openTarget } from '../helpers/open-target.js';
import type { Pop3Target } from '../helpers/target.js';

let t: Pop3Target;
before(async () => {
  t = await openTarget();
});
after(() => t.close());

// argv: port user password mode; prints one JSON object.
const SESSION = String.raw`
import json, poplib, ssl, sys, hashlib
port, user, pw, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
if mode == 'pop3s':
    p = poplib.POP3_SSL('127.0.0.1', port, context=ctx)
else:
    p = poplib.POP3('127.0.0.1', port)
out = {'welcome': p.getwelcome().decode()}
out['capa'] = sorted(p.capa().keys())
if mode == 'stls':
    p.stls(context=ctx)
    out['capa_tls'] = sorted(p.capa().keys())
p.user(user); p.pass_(pw)
out['stat'] = list(p.stat())
out['list'] = [l.decode() for l in p.list()[1]]
out['uidl'] = [l.decode() for l in p.uidl()[1]]
out['uidl1'] = p.uidl(1).decode()
r = p.retr(1)
out['retr1'] = hashlib.sha256(b'\r\n'.join(r[1]) + b'\r\n').hexdigest()
out['top'] = [l.decode('latin1') for l in p.top(1, 1)[1]]
out['noop'] = p.noop().decode()
out['dele'] = p.dele(2).decode()
try:
    p.retr(2); out['retr_deleted'] = 'ok'
except poplib.error_proto as e:
    out['retr_deleted'] = str(e)
out['rset'] = p.rset().decode()
out['dele2'] = p.dele(2).decode()
out['quit'] = p.quit().decode()
print(json.dumps(out))
`;

const bodies = [
  'From: a@example.test\r\nSubject: first\r\n\r\nline one\r\n.starts with a dot\r\n..two dots\r\nlast\r\n',
  'From: b@example.test\r\nSubject: second\r\n\r\nhello\r\n',
  'From: c@example.test\r\nSubject: third\r\n\r\nbye\r\n',
];

for (const mode of ['plain', 'stls', 'pop3s'] as const) {
  test(`poplib (${mode}): every command, DELE applied at QUIT`, async () => {
    const uidls: string[] = [];
    for (const b of bodies) uidls.push(await t.deliver(b));
    const before = await t.inbox();
    const n = before.length;
    const port = mode === 'pop3s' ? t.tlsPort : t.port;
    const r = await python(SESSION, [String(port), t.user, t.password, mode]);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout.toString());
    assert.match(o.welcome, /^\+OK/);
    for (const c of ['TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'USER', 'SASL', 'EXPIRE', 'IMPLEMENTATION'])
      assert.ok(o.capa.includes(c), `${c} in ${o.capa}`);
    if (mode === 'plain') assert.ok(o.capa.includes('STLS'));
    if (mode === 'stls') assert.ok(!o.capa_tls.includes('STLS'));
    assert.equal(o.stat[0], n);
    assert.equal(o.list.length, n);
    assert.deepEqual(
      o.uidl.map((l: string) => l.split(' ')[1]),
      before,
    );
    assert.equal(o.uidl1, `+OK 1 ${before[0]}`);
    assert.match(o.retr_deleted, /^b?'?-ERR \[SYS\/PERM\]/);
    assert.match(o.dele2, /^\+OK/);
    assert.match(o.quit, /^\+OK/);
    const afterQuit = await t.inbox();
    assert.deepEqual(
      afterQuit,
      before.filter((_, i) => i !== 1),
    );
    // Clean up what this test delivered so the next mode starts from a known state.
    for (const u of uidls) if (afterQuit.includes(u)) await t.expunge(u);
  });
}

test('poplib: RETR is byte-exact (sha256) and TOP 1 gives header + one line', async () => {
  for (const u of await t.inbox()) await t.expunge(u);
  await t.deliver(bodies[0]!);
  await t.deliver(bodies[1]!);
  const r = await python(SESSION, [String(t.port), t.user, t.password, 'plain']);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout.toString());
  assert.equal(o.retr1, createHash('sha256').update(bodies[0]!).digest('hex'));
  assert.deepEqual(o.top, ['From: a@example.test', 'Subject: first', '', 'line one']);
  for (const u of await t.inbox()) await t.expunge(u);
});

const SNAPSHOT = `
import json, poplib, sys
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
p = poplib.POP3('127.0.0.1', port)
p.user(user); p.pass_(pw)
out = {'before': [l.decode() for l in p.uidl()[1]]}
print('ready', flush=True)
sys.stdin.readline()
out['after'] = [l.decode() for l in p.uidl()[1]]
out['stat'] = list(p.stat())
try:
    p.retr(1); out['retr1'] = 'ok'
except poplib.error_proto as e:
    out['retr1'] = e.args[0].decode()
out['retr2'] = len(p.retr(2)[1])
p.dele(2)
out['quit'] = p.quit().decode()
print(json.dumps(out))
`;

test('snapshot: an expunge and a delivery during the session change nothing until QUIT', async () => {
  const { spawn } = await import('node:child_process');
  for (const u of await t.inbox()) await t.expunge(u);
  const a = await t.deliver(bodies[0]!);
  const b = await t.deliver(bodies[1]!);
  const child = spawn('python3', ['-c', SNAPSHOT, String(t.port), t.user, t.password]);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve();
    });
  });
  await t.expunge(a);
  const c = await t.deliver(bodies[2]!);
  child.stdin.end('go\n');
  const code = await new Promise<number>((r) => child.on('close', (x) => r(x ?? 1)));
  assert.equal(code, 0, err);
  const o = JSON.parse(out.split('\n')[1]!);
  assert.deepEqual(o.before, [`1 ${a}`, `2 ${b}`]);
  assert.deepEqual(o.after, o.before, 'numbering and UIDLs unchanged');
  assert.equal(o.stat[0], 2);
  assert.match(o.retr1, /^-ERR \[SYS\/PERM\] Message 1 was deleted by another client/);
  assert.ok(o.retr2 > 0);
  assert.match(o.quit, /^\+OK/);
  assert.deepEqual(await t.inbox(), [c]);
  await t.expunge(c);
});

const DROP = `
import poplib, sys, socket
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
p = poplib.POP3('127.0.0.1', port)
p.user(user); p.pass_(pw)
n = p.stat()[0]
for i in range(1, n + 1): p.dele(i)
p.sock.shutdown(socket.SHUT_RDWR); p.sock.close()
print(n)
`;

test('a dropped connection deletes nothing', async () => {
  const mine = [await t.deliver(bodies[0]!), await t.deliver(bodies[1]!)];
  const before = await t.inbox();
  const r = await python(DROP, [String(t.port), t.user, t.password]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(Number(r.stdout.toString().trim()), before.length);
  assert.deepEqual(await t.inbox(), before);
  for (const u of mine) await t.expunge(u);
});

const AUTH = String.raw`
import poplib, sys, base64
port, user, pw, mech = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
p = poplib.POP3('127.0.0.1', port)
if mech == 'PLAIN':
    r = p._shortcmd('AUTH PLAIN ' + base64.b64encode(b'\0' + user.encode() + b'\0' + pw.encode()).decode())
else:
    p._putcmd('AUTH LOGIN'); a = p._getline()[0]
    p._putcmd(base64.b64encode(user.encode()).decode()); b = p._getline()[0]
    r = p._shortcmd(base64.b64encode(pw.encode()).decode())
print(r.decode()); print(p.stat()[0]); p.quit()
`;

for (const mech of ['PLAIN', 'LOGIN']) {
  test(`poplib: AUTH ${mech}`, async () => {
    const r = await python(AUTH, [String(t.port), t.user, t.password, mech]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString(), /^\+OK Logged in/);
  });
}

const BIG = String.raw`
import poplib, sys, hashlib
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
poplib._MAXLINE = 1 << 20
p = poplib.POP3('127.0.0.1', port)
p.user(user); p.pass_(pw)
n = p.stat()[0]
r = p.retr(n)
print(hashlib.sha256(b'\r\n'.join(r[1]) + b'\r\n').hexdigest(), r[2])
p.quit()
`;

test('a 20 MB message is byte-exact (sha256)', async () => {
  const parts: string[] = ['From: big@example.test\r\nSubject: big\r\nContent-Type: text/plain\r\n\r\n'];
  let i = 0;
  let size = parts[0]!.length;
  while (size < 20 * 1024 * 1024) {
    const line = i % 50 === 0 ? `.dot line ${i}\r\n` : `${String(i).padStart(8, '0')} ${'x'.repeat(68)}\r\n`;
    parts.push(line);
    size += line.length;
    i++;
  }
  const body = Buffer.from(parts.join(''));
  const uidl = await t.deliver(body);
  const r = await python(BIG, [String(t.port), t.user, t.password], 120_000);
  assert.equal(r.code, 0, r.stderr);
  const [hash] = r.stdout.toString().trim().split(' ');
  assert.equal(hash, createHash('sha256').update(body).digest('hex'));
  await t.expunge(uidl);
});
