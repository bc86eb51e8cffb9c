// curl's imap:// and imaps:// client: LIST of the mailboxes, EXAMINE via a mailbox URL,
// a custom request. (Fetching bodies needs FETCH: covered once the message commands land.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { run, which } from '../../pop3/helpers/clients.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  await srv.deliver(message('for curl'));
});
after(async () => {
  await srv.stop();
});

const curl = which('curl');
const auth = ['-u', 'alice@example.test:Secret-1', '-s', '-S', '--max-time', '20'];

test('curl lists mailboxes over imap:// (plain from loopback) and imaps://', { skip: !curl }, async () => {
  const plain = await run('curl', [...auth, `imap://127.0.0.1:${srv.port}/`]);
  assert.equal(plain.code, 0, plain.stderr);
  const out = plain.stdout.toString();
  assert.match(out, /\* LIST \(\\HasNoChildren\) "\/" INBOX/);
  assert.match(out, /\* LIST \(\\HasNoChildren \\Sent\) "\/" Sent/);
  const tls = await run('curl', [...auth, '-k', `imaps://127.0.0.1:${srv.tlsPort}/`]);
  assert.equal(tls.code, 0, tls.stderr);
  assert.match(tls.stdout.toString(), /INBOX/);
  const starttls = await run('curl', [...auth, '-k', '--ssl-reqd', `imap://127.0.0.1:${srv.port}/`]);
  assert.equal(starttls.code, 0, starttls.stderr);
  assert.match(starttls.stdout.toString(), /Trash/);
});

test('curl runs custom commands (STATUS, EXAMINE) and reports a wrong password', {
  skip: !curl,
}, async () => {
  const st = await run('curl', [...auth, `imap://127.0.0.1:${srv.port}/`, '-X', 'STATUS INBOX (MESSAGES)']);
  assert.equal(st.code, 0, st.stderr);
  assert.match(st.stdout.toString(), /\* STATUS INBOX \(MESSAGES 1\)/);
  const ex = await run('curl', [...auth, `imap://127.0.0.1:${srv.port}/INBOX`, '-X', 'EXAMINE INBOX']);
  assert.equal(ex.code, 0, ex.stderr);
  assert.match(ex.stdout.toString(), /\* 1 EXISTS/);
  const bad = await run('curl', ['-u', 'alice@example.test:wrong', '-s', `imap://127.0.0.1:${srv.port}/`]);
  assert.equal(bad.code, 67); // CURLE_LOGIN_DENIED
});
