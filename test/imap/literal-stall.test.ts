// A literal whose line does not go on at once (the client wrote the CRLF after it as a
// separate small write, held back by Nagle until our ACK): the server sends an untagged
// OK within milliseconds so the ACK leaves at once (src/protocols/imap/connection.ts,
// onLiteralStall). Checked byte by byte with a raw socket, then as Python's imaplib sees
// it: 20 APPENDs that each waited for Linux's 40 ms delayed ACK took about a second.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

const body = 'From: a@example.test\r\nSubject: stall\r\n\r\nbody\r\n';

test('a literal whose CRLF is late gets "* OK Literal received"; one sent with its CRLF does not', async () => {
  const c = await RawImap.loggedIn(srv.port);
  c.send(`a APPEND INBOX {${body.length}}\r\n`);
  await c.waitFor(/^\+ /);
  c.send(body);
  assert.match(await c.waitFor(/^\* OK Literal received/), /Literal received/);
  c.send('\r\n');
  assert.match(await c.waitFor(/^a OK/), /APPENDUID/);
  // The usual case: literal and CRLF in one write: no extra response.
  const r = await c.command('b', `APPEND INBOX {${body.length}+}\r\n${body}`);
  assert.ok(!r.some((l) => /Literal received/.test(l)), r.join('\n'));
  assert.match(r.at(-1)!, /^b OK/);
  c.close();
});

test('imaplib (literal and CRLF in two writes, no TCP_NODELAY) appends without waiting for delayed ACKs', async () => {
  const script = `
import imaplib, sys, time
c = imaplib.IMAP4('127.0.0.1', int(sys.argv[1])); c.login(sys.argv[2], sys.argv[3])
msg = b'From: a@example.test\\r\\nSubject: t\\r\\n\\r\\n' + b'line of text\\r\\n' * 200
t = time.time()
for i in range(50):
    assert c.append('INBOX', None, None, msg)[0] == 'OK'
print(round((time.time() - t) * 1000))
c.logout()
`;
  // Not spawnSync: the server runs in this process and must keep answering.
  const r = await promisify(execFile)('python3', ['-c', script, String(srv.port), srv.user, srv.password]);
  const ms = Number(r.stdout.trim());
  // 50 x 40 ms of delayed ACK is 2,000 ms at least; the nudge makes it a few ms each
  // (three fsyncs: up to 20 ms each on a loaded machine).
  assert.ok(ms < 1500, `50 APPENDs took ${ms} ms`);
});
