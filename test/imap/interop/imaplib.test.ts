// Python's imaplib against the server over plain (STARTTLS) and implicit TLS: the
// session and mailbox commands a script uses. Output is JSON checked here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { python } from '../../pop3/helpers/clients.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  await srv.deliver(message('for imaplib'));
});
after(async () => {
  await srv.stop();
});

const SCRIPT = `
import imaplib, json, ssl, sys, base64
port, tls_port = int(sys.argv[1]), int(sys.argv[2])
out = {}
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4('127.0.0.1', port)
out['greet_caps'] = list(m.capabilities)
m.starttls(ssl_context=ctx)
out['login'] = m.login('alice@example.test', 'Secret-1')[0]
out['caps'] = m.capability()[1][0].decode()
out['ns'] = m.namespace()[1][0].decode()
out['list'] = [x.decode() for x in m.list()[1]]
out['lsub'] = [x.decode() for x in m.lsub()[1]]
out['create'] = m.create('Py/Sub')[0]
out['rename'] = m.rename('Py/Sub', 'Py/Renamed')[0]
out['subscribe'] = m.subscribe('Py/Renamed')[0]
out['unsubscribe'] = m.unsubscribe('Py/Renamed')[0]
out['delete'] = m.delete('Py/Renamed')[0]
out['missing'] = m.select('Nope')[0]
typ, data = m.select('INBOX')
out['select'] = [typ, data[0].decode()]
out['status'] = m.status('INBOX', '(MESSAGES UIDNEXT UNSEEN)')[1][0].decode()
out['quotaroot'] = [x[0].decode() if isinstance(x, list) and x and x[0] else str(x) for x in m.getquotaroot('INBOX')[1]]
out['noop'] = m.noop()[0]
out['check'] = m.check()[0]
out['close'] = m.close()[0]
out['logout'] = m.logout()[0]
t = imaplib.IMAP4_SSL('127.0.0.1', tls_port, ssl_context=ctx)
def plain(_):
    return b'\\0alice@example.test\\0Secret-1'
out['auth_plain'] = t.authenticate('PLAIN', plain)[0]
out['examine'] = t.select('Sent', readonly=True)[0]
t.logout()
print(json.dumps(out))
`;

test('imaplib: STARTTLS, LOGIN, LIST/LSUB, CREATE/RENAME/DELETE, SELECT, STATUS, CLOSE, AUTHENTICATE PLAIN over TLS', async () => {
  const r = await python(SCRIPT, [String(srv.port), String(srv.tlsPort)]);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
  assert.ok((o.greet_caps as string[]).includes('STARTTLS'));
  assert.equal(o.login, 'OK');
  assert.match(o.caps as string, /IDLE/);
  assert.equal(o.ns, '(("" "/")) NIL NIL');
  assert.ok((o.list as string[]).includes('(\\HasNoChildren \\Sent) "/" Sent'), String(o.list));
  assert.ok((o.lsub as string[]).includes('(\\HasNoChildren) "/" INBOX'), String(o.lsub));
  assert.equal(o.logout, 'BYE'); // imaplib returns the untagged BYE
  for (const k of ['create', 'rename', 'subscribe', 'unsubscribe', 'delete', 'noop', 'check', 'close'])
    assert.equal(o[k], 'OK', k);
  assert.equal(o.missing, 'NO');
  assert.deepEqual(o.select, ['OK', '1']);
  assert.match(o.status as string, /^INBOX \(MESSAGES 1 UIDNEXT 2 UNSEEN 1\)$/);
  assert.equal(o.auth_plain, 'OK');
  assert.equal(o.examine, 'OK');
});

test('imaplib: a NOOP poll sees a delivery from another session', async () => {
  const script = `
import imaplib, json, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('alice@example.test', 'Secret-1')
typ, data = m.select('INBOX')
before = int(data[0])
print('READY', flush=True)
sys.stdin.readline()
m.noop()
exists = m.response('EXISTS')[1]
print(json.dumps({'before': before, 'exists': [int(x) for x in exists if x]}), flush=True)
m.logout()
`;
  const { spawn } = await import('node:child_process');
  const child = spawn('python3', ['-c', script, String(srv.port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) resolve();
    });
  });
  await srv.deliver(message('while python waits'));
  child.stdin.end('go\n');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  const o = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!) as {
    before: number;
    exists: number[];
  };
  assert.equal(o.exists.at(-1), o.before + 1); // imaplib may keep SELECT's EXISTS too
});
