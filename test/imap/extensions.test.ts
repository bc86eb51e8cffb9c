// ENABLE, ID, NAMESPACE, GETQUOTA/GETQUOTAROOT/SETQUOTA, COMPRESS=DEFLATE, NOTIFY.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  await srv.deliver(message('quota'));
});
after(async () => {
  await srv.stop();
});

const loggedIn = () => RawImap.loggedIn(srv.port);

test('ENABLE lists what it enabled; unknown names are ignored; not allowed when selected', async () => {
  const c = await loggedIn();
  const r = await c.command('a', 'ENABLE UTF8=ACCEPT X-UNKNOWN');
  assert.deepEqual(r, ['* ENABLED UTF8=ACCEPT', 'a OK ENABLE completed']);
  assert.deepEqual(await c.command('b', 'ENABLE UTF8=ACCEPT'), ['* ENABLED', 'b OK ENABLE completed']);
  await c.command('s', 'SELECT INBOX');
  assert.match((await c.command('c', 'ENABLE CONDSTORE')).at(-1)!, /^c BAD/);
  c.close();
});

test('ID answers with the server name, before and after login; NAMESPACE is ("" "/")', async () => {
  const c = await RawImap.open(srv.port);
  const r = await c.command('a', 'ID ("name" "Test Client" "version" "1.0")');
  assert.match(r[0]!, /^\* ID \("name" "Postroom"/);
  assert.match((await c.command('b', 'ID NIL')).at(-1)!, /^b OK/);
  await c.login();
  assert.deepEqual(await c.command('c', 'NAMESPACE'), [
    '* NAMESPACE (("" "/")) NIL NIL',
    'c OK NAMESPACE completed',
  ]);
  c.close();
});

test('GETQUOTAROOT / GETQUOTA report STORAGE (KiB) and MESSAGE; SETQUOTA is refused', async () => {
  const c = await loggedIn();
  // No limits: no quota root.
  assert.deepEqual((await c.command('a', 'GETQUOTAROOT INBOX'))[0], '* QUOTAROOT INBOX');
  assert.match((await c.command('b', 'GETQUOTA ""')).at(-1)!, /^b NO/);
  await srv.core.accounts.setQuota(srv.user, 10 * 1024 * 1024, 500);
  const r = await c.command('c', 'GETQUOTAROOT INBOX');
  assert.equal(r[0], '* QUOTAROOT INBOX ""');
  assert.match(r[1]!, /^\* QUOTA "" \(STORAGE 1 10240 MESSAGE 1 500\)$/);
  const q = await c.command('d', 'GETQUOTA ""');
  assert.match(q[0]!, /^\* QUOTA "" \(STORAGE \d+ 10240 MESSAGE 1 500\)$/);
  assert.match((await c.command('e', 'GETQUOTAROOT Nope')).at(-1)!, /^e NO \[NONEXISTENT\]/);
  assert.match((await c.command('f', 'SETQUOTA "" (STORAGE 1)')).at(-1)!, /^f NO \[NOPERM\]/);
  await srv.core.accounts.setQuota(srv.user, null, null);
  c.close();
});

test('COMPRESS=DEFLATE: imapflow negotiates it and keeps working', async () => {
  const client = flowClient(srv);
  await client.connect();
  assert.ok(client.capabilities.has('COMPRESS=DEFLATE'));
  const list = await client.list();
  assert.ok(list.length >= 6);
  const st = await client.status('INBOX', { messages: true });
  assert.equal(typeof (st as { messages?: number }).messages, 'number');
  await client.logout();
  const c = await loggedIn();
  assert.match((await c.command('a', 'COMPRESS LZMA')).at(-1)!, /^a BAD/);
  c.close();
});

test('NOTIFY: new mail in another mailbox and mailbox creation are pushed without polling', async () => {
  const c = await loggedIn();
  await c.command('s', 'SELECT INBOX');
  const r = await c.command(
    'n',
    'NOTIFY SET STATUS (SELECTED (MessageNew MessageExpunge FlagChange)) (PERSONAL (MessageNew MessageExpunge MailboxName SubscriptionChange))',
  );
  assert.match(r.at(-1)!, /^n OK/);
  assert.ok(
    r.some((l) => /^\* STATUS Sent \(MESSAGES 0/.test(l)),
    r.join('\n'),
  );
  // A message filed into Archive by another session: pushed as STATUS, no command needed.
  const archive = await srv.mailbox('Archive');
  const pushed = c.waitFor(/^\* STATUS Archive \(MESSAGES 1 /);
  await srv.core.messages.append(srv.userId, archive.id, { source: [message('filed')] });
  await pushed;
  // New mail in the selected mailbox: EXISTS at once.
  const exists = c.waitFor(/^\* \d+ EXISTS$/);
  await srv.deliver(message('selected'));
  await exists;
  // A mailbox created elsewhere: LIST.
  const listed = c.waitFor(/^\* LIST \(\) "\/" Fresh$/);
  await srv.core.mailboxes.create(srv.userId, 'Fresh');
  await listed;
  assert.match((await c.command('x', 'NOTIFY NONE')).at(-1)!, /^x OK/);
  assert.match(
    (await c.command('y', 'NOTIFY SET (PERSONAL (MessageNew MessageExpunge AnnotationChange))')).at(-1)!,
    /^y NO \[BADEVENT/,
  );
  c.close();
});

test('COMPRESS DEFLATE on the wire: both directions are raw DEFLATE after the OK', async () => {
  const { createDeflateRaw, createInflateRaw, constants } = await import('node:zlib');
  const c = await loggedIn();
  assert.match((await c.command('z', 'COMPRESS DEFLATE')).at(-1)!, /^z OK/);
  const sock = c.socket;
  sock.removeAllListeners('data');
  const inflate = createInflateRaw();
  const deflate = createDeflateRaw();
  sock.on('data', (d: string | Buffer) =>
    inflate.write(typeof d === 'string' ? Buffer.from(d, 'latin1') : d),
  );
  deflate.on('data', (d: Buffer) => sock.write(d));
  let text = '';
  const got = new Promise<void>((resolve) => {
    inflate.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (/^b /m.test(text)) resolve();
    });
  });
  deflate.write('a NAMESPACE\r\nb COMPRESS DEFLATE\r\n');
  deflate.flush(constants.Z_SYNC_FLUSH);
  await got;
  assert.match(text, /^\* NAMESPACE \(\("" "\/"\)\) NIL NIL\r\na OK/m);
  assert.match(text, /^b NO \[COMPRESSIONACTIVE\]/m);
  c.close();
});
