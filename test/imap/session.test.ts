// Session basics over real sockets: greeting, CAPABILITY, LOGIN, NOOP, LOGOUT, wrong
// state, unknown commands, through the raw client and imapflow.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

test('greeting carries capabilities; LOGIN then CAPABILITY lists the full set', async () => {
  const c = await RawImap.open(srv.port);
  assert.match(c.lines[0]!, /^\* OK \[CAPABILITY IMAP4rev1 .*STARTTLS.*AUTH=PLAIN/);
  const r = await c.command('a', 'LOGIN alice@example.test Secret-1');
  assert.match(r.at(-1)!, /^a OK \[CAPABILITY .*IDLE/);
  const caps = await c.command('b', 'CAPABILITY');
  assert.match(caps[0]!, /^\* CAPABILITY .*LIST-EXTENDED.*APPENDLIMIT=\d+/);
  assert.match(caps[0]!, / IMAP4rev2 .* MOVE .* SORT/); // every command implemented: advertised
  const n = await c.command('c', 'NOOP');
  assert.match(n.at(-1)!, /^c OK/);
  const l = await c.command('d', 'LOGOUT');
  assert.match(l[0]!, /^\* BYE/);
  assert.match(l.at(-1)!, /^d OK/);
  await c.whenClosed();
});

test('imapflow logs in and out', async () => {
  const client = flowClient(srv);
  await client.connect();
  assert.ok(client.capabilities.has('IDLE'));
  await client.logout();
});

test('wrong state, unknown command and garbage get BAD and the session goes on', async () => {
  const c = await RawImap.open(srv.port);
  assert.match((await c.command('a', 'SELECT INBOX')).at(-1)!, /^a BAD .*login/);
  assert.match((await c.command('b', 'FROBNICATE')).at(-1)!, /^b BAD/);
  c.send('\x00\x01garbage\r\n');
  await c.waitFor(/^\* BAD/);
  assert.match((await c.command('c', 'NOOP')).at(-1)!, /^c OK/);
  c.close();
});

test('a graceful shutdown says BYE to every session', async () => {
  const own = await startTestServer();
  const a = await RawImap.open(own.port);
  await a.login();
  const b = await RawImap.open(own.tlsPort, true);
  const byes = Promise.all([a.waitFor(/^\* BYE/), b.waitFor(/^\* BYE/)]);
  const closing = own.server.close(true);
  await byes;
  await Promise.all([a.whenClosed(), b.whenClosed()]);
  await closing;
  await own.stop();
});

test('LOGOUT: nothing but the tagged OK after * BYE, even with changes of another session pending', async () => {
  await srv.deliver(message('bye-1', 'one\r\n'));
  const a = await RawImap.selected(srv.port);
  const b = await RawImap.selected(srv.port);
  await b.command('f', 'STORE 1:* +FLAGS (\\Flagged)');
  await b.command('x', 'EXPUNGE');
  await srv.deliver(message('bye-2', 'two\r\n'));
  const lines = await a.command('o', 'LOGOUT');
  await a.whenClosed();
  const bye = lines.findIndex((l) => /^\* BYE/.test(l));
  assert.ok(bye >= 0, lines.join('\n'));
  assert.deepEqual(
    lines.slice(bye + 1).filter((l) => l !== ''),
    [lines.at(-1)],
    `after BYE: ${lines.join(' | ')}`,
  );
  assert.match(lines.at(-1)!, /^o OK/);
  b.close();
});
