// LOGIN, AUTHENTICATE (PLAIN, LOGIN, SASL-IR), STARTTLS, implicit TLS, LOGINDISABLED,
// imapEnabled=false, per-user connection limits, UNAUTHENTICATE.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ limits: { perUserAndAddress: 3 } });
});
after(async () => {
  await srv.stop();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('LOGIN with a wrong password is NO [AUTHENTICATIONFAILED]; the session goes on', async () => {
  const c = await RawImap.open(srv.port);
  const r = await c.command('a', 'LOGIN alice@example.test wrong');
  assert.match(r.at(-1)!, /^a NO \[AUTHENTICATIONFAILED\]/);
  await c.login();
  c.close();
});

test('AUTHENTICATE PLAIN with SASL-IR and with a continuation', async () => {
  const c = await RawImap.open(srv.port);
  const r = await c.command('a', `AUTHENTICATE PLAIN ${b64('\0alice@example.test\0Secret-1')}`);
  assert.match(r.at(-1)!, /^a OK \[CAPABILITY /);
  c.close();
  const d = await RawImap.open(srv.port);
  d.send('b AUTHENTICATE PLAIN\r\n');
  const cont = await d.waitFor(/^\+/);
  assert.equal(cont, '+ '); // "+ " with the space, empty challenge
  d.send(`${b64('\0alice@example.test\0Secret-1')}\r\n`);
  assert.match(await d.waitFor(/^b /), /^b OK/);
  d.close();
});

test('AUTHENTICATE LOGIN prompts, and "*" cancels with BAD', async () => {
  const c = await RawImap.open(srv.port);
  c.send('a AUTHENTICATE LOGIN\r\n');
  assert.equal(await c.waitFor(/^\+/), `+ ${b64('Username:')}`);
  c.send(`${b64('alice@example.test')}\r\n`);
  assert.equal(await c.waitFor(new RegExp(`^\\+ ${b64('Password:')}`)), `+ ${b64('Password:')}`);
  c.send(`${b64('Secret-1')}\r\n`);
  assert.match(await c.waitFor(/^a /), /^a OK/);
  c.close();
  const d = await RawImap.open(srv.port);
  d.send('b AUTHENTICATE PLAIN\r\n');
  await d.waitFor(/^\+/);
  d.send('*\r\n');
  assert.match(await d.waitFor(/^b /), /^b BAD/);
  assert.match((await d.command('c', 'AUTHENTICATE FOO')).at(-1)!, /^c NO/);
  d.close();
});

test('STARTTLS upgrades the connection, then LOGIN works; capabilities are re-sent', async () => {
  const c = await RawImap.open(srv.port);
  assert.match((await c.command('a', 'STARTTLS')).at(-1)!, /^a OK/);
  await c.startTls();
  const caps = await c.command('b', 'CAPABILITY');
  assert.doesNotMatch(caps[0]!, /STARTTLS/);
  await c.login();
  c.close();
});

test('imapflow over implicit TLS (993) and over STARTTLS', async () => {
  for (const client of [flowClient(srv, { tls: true }), flowClient(srv, { starttls: true })]) {
    await client.connect();
    assert.equal(client.secureConnection, true);
    await client.logout();
  }
});

test('LOGINDISABLED and no AUTH= before TLS when plaintext is not allowed', async () => {
  const strict = await startTestServer({ allowPlaintext: 'never' });
  try {
    const c = await RawImap.open(strict.port);
    assert.match(c.lines[0]!, /LOGINDISABLED/);
    assert.doesNotMatch(c.lines[0]!, /AUTH=/);
    assert.match(
      (await c.command('a', 'LOGIN alice@example.test Secret-1')).at(-1)!,
      /^a NO \[PRIVACYREQUIRED\]/,
    );
    assert.match((await c.command('b', 'STARTTLS')).at(-1)!, /^b OK/);
    await c.startTls();
    const caps = await c.command('c', 'CAPABILITY');
    assert.match(caps[0]!, /AUTH=PLAIN/);
    assert.doesNotMatch(caps[0]!, /LOGINDISABLED/);
    await c.login();
    c.close();
  } finally {
    await strict.stop();
  }
});

test('STARTTLS with pipelined plaintext after it closes the connection', async () => {
  const c = await RawImap.open(srv.port);
  c.send('a STARTTLS\r\nb LOGIN alice@example.test Secret-1\r\n');
  await c.whenClosed();
  assert.equal(c.isClosed, true);
});

test('imapEnabled=false refuses login with a clear message', async () => {
  const id = await srv.addUser('carol@example.test');
  await srv.core.accounts.updateSettings(id, { imapEnabled: false });
  const c = await RawImap.open(srv.port);
  const r = await c.command('a', 'LOGIN carol@example.test Secret-1');
  assert.match(r.at(-1)!, /^a NO \[CONTACTADMIN\] .*IMAP/);
  c.close();
});

test('too many sessions of one user from one address: NO [UNAVAILABLE], not an auth failure', async () => {
  const held: RawImap[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await RawImap.open(srv.port);
    await c.login('dave@example.test'.replace('dave', 'alice'));
    held.push(c);
  }
  const extra = await RawImap.open(srv.port);
  const r = await extra.command('a', 'LOGIN alice@example.test Secret-1');
  assert.match(r.at(-1)!, /^a NO \[UNAVAILABLE\] Too many connections/);
  held[0]!.close();
  await held[0]!.whenClosed();
  // The slot is released when the session ends.
  for (let i = 0; i < 50; i++) {
    const again = await extra.command(`b${i}`, 'LOGIN alice@example.test Secret-1');
    if (/OK/.test(again.at(-1)!)) break;
    await new Promise((r2) => setImmediate(r2));
  }
  assert.match((await extra.command('c', 'NOOP')).at(-1)!, /^c OK/);
  assert.match((await extra.command('d', 'SELECT INBOX')).at(-1)!, /^d OK/);
  for (const c of [...held, extra]) c.close();
});

test('UNAUTHENTICATE returns to the not-authenticated state', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  assert.match((await c.command('a', 'SELECT INBOX')).at(-1)!, /^a OK/);
  assert.match((await c.command('b', 'UNAUTHENTICATE')).at(-1)!, /^b OK/);
  assert.match((await c.command('c', 'SELECT INBOX')).at(-1)!, /^c BAD/);
  await c.login();
  c.close();
});
