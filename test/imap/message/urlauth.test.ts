// URLAUTH (RFC 4467) and URLFETCH BINARY (RFC 5524) over real sockets, with a second user:
// access identifiers, expiry, tampering, RESETKEY revocation, BINARY/BODYPARTSTRUCTURE,
// and a URLAUTH URL used by another user's CATENATE.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, literalAfter } from './bytes-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  await srv.addUser('bob@example.test');
});
after(async () => {
  await srv.stop();
});

const MSG =
  'From: carol@example.net\r\nSubject: report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
  '--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n' +
  '--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgc=\r\n--b--\r\n';

async function gen(c: BytesImap, rump: string): Promise<string> {
  const r = (await c.command('g', `GENURLAUTH "${rump}" INTERNAL`)).toString();
  const m = /^\* GENURLAUTH "?([^"\r\n]+)"?\r\n/m.exec(r);
  assert.ok(m, r);
  assert.ok(m[1]!.startsWith(`${rump}:INTERNAL:`), m[1]);
  return m[1]!;
}

async function fetchUrl(c: BytesImap, url: string): Promise<Buffer | null> {
  const r = await c.command('f', `URLFETCH "${url}"`);
  assert.match(r.toString(), /^f OK/m);
  if (/^\* URLFETCH \S+ NIL\r\n/m.test(r.toString())) return null;
  return literalAfter(r, url.includes('%') ? `"${url}"` : url) ?? literalAfter(r, `"${url}"`);
}

/** Delivers MSG to alice's INBOX; sessions of alice and bob. */
async function deliverAndConnect() {
  await srv.deliver(MSG);
  const inbox = await srv.mailbox('INBOX');
  const alice = await BytesImap.open(srv.port);
  const bob = await BytesImap.open(srv.port, 'bob@example.test');
  return { inbox, uid: inbox.uidNext - 1, alice, bob };
}

test('GENURLAUTH + URLFETCH: access identifiers, expiry, tampering, RESETKEY', async () => {
  const { inbox, uid, alice, bob } = await deliverAndConnect();
  const caps = (await alice.command('k', 'CAPABILITY')).toString();
  assert.match(caps, / URLAUTH /);
  assert.match(caps, / URLAUTH=BINARY[ \r]/);
  assert.match((await alice.command('s', 'SELECT INBOX')).toString(), /^\* OK \[URLMECH INTERNAL\]/m);

  const base = `imap://alice@example.test/INBOX;UIDVALIDITY=${inbox.uidValidity}/;UID=${uid}`;
  const forBob = await gen(alice, `${base};URLAUTH=user+bob@example.test`);
  const anyUser = await gen(alice, `${base}/;SECTION=1;URLAUTH=authuser`);
  const anon = await gen(alice, `${base}/;SECTION=1;URLAUTH=anonymous`);
  const submit = await gen(alice, `${base};URLAUTH=submit+alice@example.test`);
  const expired = await gen(alice, `${base};EXPIRE=2001-01-01T00:00:00Z;URLAUTH=authuser`);
  const later = await gen(alice, `${base};EXPIRE=2999-01-01T00:00:00Z;URLAUTH=authuser`);

  assert.equal((await fetchUrl(bob, forBob))?.toString(), MSG);
  assert.equal(await fetchUrl(alice, forBob), null, 'user+bob is for bob only');
  assert.equal((await fetchUrl(bob, anyUser))?.toString(), 'See attached.');
  assert.equal((await fetchUrl(bob, anon))?.toString(), 'See attached.');
  assert.equal((await fetchUrl(alice, later))?.toString(), MSG);
  assert.equal(await fetchUrl(bob, submit), null, 'no IMAP session is a submission entity');
  assert.equal(await fetchUrl(bob, expired), null, 'expired');
  const tampered = forBob.replace(/.$/, (ch) => (ch === '0' ? '1' : '0'));
  assert.equal(await fetchUrl(bob, tampered), null, 'tampered token');
  assert.equal(await fetchUrl(bob, forBob.replace(`;UID=${uid}`, `;UID=${uid + 1}`)), null, 'other UID');
  assert.equal(await fetchUrl(bob, `${base};URLAUTH=authuser`), null, 'a rump is not authorized');

  // Only the owner generates, with a known mechanism, for a message URL.
  assert.match(
    (await bob.command('n', `GENURLAUTH "${base};URLAUTH=authuser" INTERNAL`)).toString(),
    /^n NO/m,
  );
  assert.match((await alice.command('n', `GENURLAUTH "${base};URLAUTH=authuser" XYZ`)).toString(), /^n NO/m);
  assert.match((await alice.command('n', `GENURLAUTH "${base}" INTERNAL`)).toString(), /^n NO/m);
  assert.match(
    (
      await alice.command('n', `GENURLAUTH "imap://alice@example.test/Nope/;UID=1;URLAUTH=authuser" INTERNAL`)
    ).toString(),
    /^n NO/m,
  );

  // RESETKEY INBOX revokes every URL of INBOX; a new key signs differently.
  assert.match(
    (await alice.command('r', 'RESETKEY INBOX INTERNAL')).toString(),
    /^r OK \[URLMECH INTERNAL\]/m,
  );
  assert.equal(await fetchUrl(bob, forBob), null);
  const again = await gen(alice, `${base};URLAUTH=user+bob@example.test`);
  assert.notEqual(again, forBob);
  assert.equal((await fetchUrl(bob, again))?.toString(), MSG);
  assert.match((await alice.command('r', 'RESETKEY')).toString(), /^r OK/m);
  assert.equal(await fetchUrl(bob, again), null);
  assert.match((await alice.command('r', 'RESETKEY Nope')).toString(), /^r NO \[NONEXISTENT\]/m);
  alice.close();
  bob.close();
});

test('URLFETCH BINARY and BODYPARTSTRUCTURE (RFC 5524); CATENATE with a URLAUTH URL', async () => {
  const { uid, alice, bob } = await deliverAndConnect();
  const part = await gen(alice, `imap://alice@example.test/INBOX/;UID=${uid}/;SECTION=2;URLAUTH=authuser`);
  const r = await bob.command(
    'b',
    `URLFETCH ("${part}" BINARY BODYPARTSTRUCTURE) ("${part}" BODY) ("${part}" BODYPARTSTRUCTURE)`,
  );
  const s = r.toString('latin1');
  assert.match(
    s,
    /\(BODYPARTSTRUCTURE \("application" "octet-stream" NIL NIL NIL "BASE64" 8 NIL NIL NIL NIL\) BINARY ~\{8\}\r\n/,
  );
  assert.deepEqual([...literalAfter(r, 'BINARY')!], [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(literalAfter(r, 'BODY')!.toString(), 'AAECAwQFBgc=');
  assert.match(
    s,
    /\(BODYPARTSTRUCTURE \("application" "octet-stream" NIL NIL NIL "BASE64" 12 NIL NIL NIL NIL\)\)\r\n/,
  );

  // bob puts alice's attachment into his own draft (RFC 4469 with RFC 4467 URLs).
  const a = await bob.command('c', `APPEND Drafts CATENATE (TEXT {4+}\r\nhi:  URL "${part}")\r\n`);
  assert.match(a.toString(), /^c OK/m);
  await bob.command('e', 'EXAMINE Drafts');
  const f = await bob.command('f', 'FETCH * BODY.PEEK[]');
  assert.equal(literalAfter(f, 'BODY[]')!.toString(), 'hi: AAECAwQFBgc=');
  alice.close();
  bob.close();
});
