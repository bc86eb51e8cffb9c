// Two `postroom serve` processes on one data dir (as several servers on one store will
// run): the POP3 maildrop lock is a lease in the store, so a login on the second server
// while the first holds the maildrop gets -ERR [IN-USE] (RFC 2449 §8.1.2), the lease is
// renewed while the session lives, released at QUIT, and expires when its server is
// killed. Clients: Python's poplib. The lock lifetime is set short (limits.pop3LockSeconds)
// so the crash case takes seconds.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PORT_NAMES } from '../../../src/config/ports.js';
import { runPostroom, spawnPostroom, waitForOutput } from '../../helpers/cli.js';
import { freePort } from '../../helpers/ports.js';
import { python } from '../helpers/clients.js';

const LOCK_SECONDS = 3;
const USER = 'pat@example.test';
const PASS = 'plenty long passphrase 7';

let dir = '';
const children: ChildProcess[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postroom-pop3-two-'));
  const add = await runPostroom(['user', 'add', USER, '--password', PASS, '--data', join(dir, 'data')]);
  assert.equal(add.code, 0, add.stderr);
  await writeFile(join(dir, 'config.json'), JSON.stringify({ limits: { pop3LockSeconds: LOCK_SECONDS } }));
});
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(
    children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : once(c, 'exit'))),
  );
  await rm(dir, { recursive: true, force: true });
});

/** Starts `postroom serve` on the shared data dir with only POP3 on; resolves its port. */
async function serve(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const ports = PORT_NAMES.flatMap((p) => [`--${p}-port`, p === 'pop3' ? String(port) : '0']);
  const child = spawnPostroom([
    'serve',
    '--data',
    join(dir, 'data'),
    '--config',
    join(dir, 'config.json'),
    '--host',
    '127.0.0.1',
    '--log-format',
    'json',
    ...ports,
  ]);
  children.push(child);
  await waitForOutput(child, /"msg":"ready"/);
  return { child, port };
}

// argv: portA portB user password lockSeconds. Holds a session on A across several lock
// lifetimes while B tries, then QUITs A and tries B again. Prints one JSON object.
const HOLD = `
import json, poplib, sys, time
pa, pb, user, pw, lock = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
def login(port):
    p = poplib.POP3('127.0.0.1', port)
    p.user(user)
    try:
        p.pass_(pw)
        return p, '+OK'
    except poplib.error_proto as e:
        p.close()
        return None, e.args[0].decode()
out = {}
a, out['a'] = login(pa)
out['a_stat'] = list(a.stat())
_, out['b_while_a'] = login(pb)
# Several lifetimes of the lease: only renewal keeps it.
time.sleep(lock * 2.5)
out['a_noop'] = a.noop().decode()
_, out['b_later'] = login(pb)
out['a_quit'] = a.quit().decode()
b, out['b_after_quit'] = login(pb)
if b: b.quit()
print(json.dumps(out))
`;

// argv: port user password. Logs in, says so on stdout, then waits (its server is killed).
const HOLD_UNTIL_KILLED = `
import poplib, sys
p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
p.user(sys.argv[2]); p.pass_(sys.argv[3])
print('logged in', flush=True)
sys.stdin.read()
`;

// argv: port user password deadlineSeconds. Tries to log in until it works; prints the
// first refusal, the number of tries and the seconds it took.
const RETRY = `
import json, poplib, sys, time
port, user, pw, deadline = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
t0 = time.time(); first = None; tries = 0; ok = False
while time.time() - t0 < deadline:
    tries += 1
    p = poplib.POP3('127.0.0.1', port)
    p.user(user)
    try:
        p.pass_(pw); p.quit(); ok = True; break
    except poplib.error_proto as e:
        first = first or e.args[0].decode()
        p.close()
        time.sleep(0.2)
print(json.dumps({'ok': ok, 'first': first, 'tries': tries, 'secs': time.time() - t0}))
`;

test('a second server process answers [IN-USE] while the first holds the maildrop; free after QUIT', {
  timeout: 120_000,
}, async () => {
  const [a, b] = await Promise.all([serve(), serve()]);
  const r = await python(HOLD, [String(a.port), String(b.port), USER, PASS, String(LOCK_SECONDS)], 90_000);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout.toString());
  assert.equal(o.a, '+OK');
  assert.deepEqual(o.a_stat, [0, 0]);
  assert.match(o.b_while_a, /^-ERR \[IN-USE\]/);
  assert.match(o.a_noop, /^\+OK/);
  assert.match(o.b_later, /^-ERR \[IN-USE\]/, 'the lease was renewed past its lifetime');
  assert.match(o.a_quit, /^\+OK/);
  assert.equal(o.b_after_quit, '+OK', 'released at QUIT');
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
});

test('a killed server does not lock the maildrop forever: the lease expires', {
  timeout: 120_000,
}, async () => {
  const [a, b] = await Promise.all([serve(), serve()]);
  const holder = spawn('python3', ['-c', HOLD_UNTIL_KILLED, String(a.port), USER, PASS]);
  children.push(holder);
  await waitForOutput(holder, /logged in/);
  const killed = once(a.child, 'exit');
  a.child.kill('SIGKILL'); // no QUIT, no release: only the expiry frees the maildrop
  await killed;
  const r = await python(RETRY, [String(b.port), USER, PASS, String(LOCK_SECONDS * 10)], 90_000);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout.toString());
  assert.match(o.first ?? '', /^-ERR \[IN-USE\]/, 'still locked right after the crash');
  assert.equal(o.ok, true, `free again within ${LOCK_SECONDS * 10} s`);
  assert.ok(o.secs < LOCK_SECONDS * 10, `took ${o.secs} s`);
  holder.stdin?.end();
  b.child.kill('SIGTERM');
});
