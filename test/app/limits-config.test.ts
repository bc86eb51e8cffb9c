// Protocol limits set in a config file reach the servers `postroom serve --config` starts:
// small values, enforced through real clients (Python imaplib and poplib).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PORT_NAMES } from '../../src/config/ports.js';
import { runPostroom, spawnPostroom, waitForOutput } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { RawImap } from '../imap/helpers/raw-client.js';
import { python } from '../pop3/helpers/clients.js';

const tmp = mkdtempSync(join(tmpdir(), 'postroom-limits-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const IMAP = `
import imaplib, json, sys
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = []
conns = []
for i in range(3):
    m = imaplib.IMAP4('127.0.0.1', port)
    try:
        out.append(m.login(user, pw)[0])
        conns.append(m)
    except imaplib.IMAP4.error as e:
        out.append(str(e))
conns[0].logout()
m = imaplib.IMAP4('127.0.0.1', port)
out.append(m.login(user, pw)[0])
print(json.dumps(out))
`;

const POP3 = `
import poplib, json, sys
port, user, pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = []
p = poplib.POP3('127.0.0.1', port)
p.user(user)
out.append(p.pass_(pw).decode())
for cmd in ['X' * 400, 'XYZZY', 'PLUGH', 'FROB']:
    try:
        out.append(p._shortcmd(cmd).decode())
    except poplib.error_proto as e:
        out.append(e.args[0].decode() if isinstance(e.args[0], bytes) else str(e.args[0]))
print(json.dumps(out))
`;

test('serve --config: limits.connections.perUser and limits.imap/pop3 are enforced', async () => {
  const data = join(tmp, 'data');
  const imap = await freePort();
  const pop3 = await freePort();
  const ports = Object.fromEntries(PORT_NAMES.map((p) => [p, p === 'imap' ? imap : p === 'pop3' ? pop3 : 0]));
  const file = join(tmp, 'postroom.json');
  writeFileSync(
    file,
    JSON.stringify({
      hostname: 'mail.example.test',
      dataDir: data,
      host: '127.0.0.1',
      ports,
      log: { format: 'json' },
      limits: {
        connections: { perUser: 2 },
        imap: { maxBadCommands: 3 },
        pop3: { maxLineBytes: 300, maxInvalidCommands: 2 },
      },
    }),
  );
  const server = spawnPostroom(['serve', '--config', file]);
  const exited = once(server, 'exit') as Promise<[number | null]>;
  try {
    await waitForOutput(server, /"msg":"ready"/);
    const pw = 'plenty long passphrase 1';
    const add = await runPostroom(['user', 'add', 'lim@example.test', '--password', pw, '--data', data]);
    assert.equal(add.code, 0, add.stderr);

    // Two IMAP sessions of the user; the third is refused (not as a wrong password), and
    // a slot freed by LOGOUT can be taken again.
    const i = await python(IMAP, [String(imap), 'lim@example.test', pw]);
    assert.equal(i.code, 0, i.stderr);
    const logins = JSON.parse(i.stdout.toString()) as string[];
    assert.equal(logins[0], 'OK');
    assert.equal(logins[1], 'OK');
    assert.match(logins[2]!, /\[UNAVAILABLE\] Too many connections: .*\(limit 2\)/);
    assert.equal(logins[3], 'OK');

    // Three BAD answers in a row end the session.
    const raw = await RawImap.open(imap);
    for (const tag of ['a', 'b']) assert.match((await raw.command(tag, 'NOSUCHCOMMAND')).at(-1)!, /BAD/);
    raw.send('c NOSUCHCOMMAND\r\n');
    assert.match(await raw.waitFor(/^\* BYE/), /Too many invalid commands/);
    await raw.whenClosed();

    // POP3: a 400-byte line is over the 300-byte limit; the second invalid command is the
    // last one tolerated; the third closes the connection.
    const p = await python(POP3, [String(pop3), 'lim@example.test', pw]);
    assert.equal(p.code, 0, p.stderr);
    const replies = JSON.parse(p.stdout.toString()) as string[];
    assert.match(replies[0]!, /^\+OK/);
    assert.equal(replies[1], '-ERR [SYS/PERM] Line too long (limit 300 octets)');
    assert.match(replies[2]!, /^-ERR \[SYS\/PERM\] /);
    assert.match(replies[3]!, /^-ERR \[SYS\/PERM\] /);
    assert.equal(replies[4], '-ERR [SYS/PERM] Too many invalid commands, closing connection');

    server.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
});
