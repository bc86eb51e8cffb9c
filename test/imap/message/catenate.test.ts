// CATENATE (RFC 4469) over a real socket: the assembled message is byte-exact (sections,
// MIME headers, partial ranges, relative URLs), MULTIAPPEND stays all-or-nothing, and the
// errors: [BADURL url], [TRYCREATE] winning over it, [TOOBIG], another user's mailbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, literalAfter } from './bytes-client.js';

let srv: TestServer;
const LIMIT = 300_000;
before(async () => {
  srv = await startTestServer({ maxMessageSize: LIMIT });
});
after(async () => {
  await srv.stop();
});

const HEADER =
  'From: bob@example.net\r\nTo: alice@example.test\r\nSubject: parts\r\nMIME-Version: 1.0\r\n' +
  'Content-Type: multipart/mixed; boundary="xx"\r\n\r\n';
const MIME1 = 'Content-Type: text/plain; charset=utf-8\r\n\r\n';
const BODY1 = 'First part, caf\u00e9.';
const MIME2 = 'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n';
const BODY2 = 'AAECAwQFBgc=';
const TEXT = `preamble\r\n--xx\r\n${MIME1}${BODY1}\r\n--xx\r\n${MIME2}${BODY2}\r\n--xx--\r\n`;
const MSG = HEADER + TEXT;

const text = (s: string) => `TEXT {${Buffer.byteLength(s)}+}\r\n${s}`;

async function setup(): Promise<{ c: BytesImap; uid: number; uidv: number }> {
  await srv.deliver(MSG);
  const inbox = await srv.mailbox('INBOX');
  const c = await BytesImap.open(srv.port);
  return { c, uid: inbox.uidNext - 1, uidv: inbox.uidValidity };
}

async function lastBody(c: BytesImap, box: string): Promise<Buffer> {
  await c.command('x', `EXAMINE ${box}`);
  const f = await c.command('f', 'FETCH * BODY.PEEK[]');
  return literalAfter(f, 'BODY[]')!;
}

test('CATENATE assembles URL sections and TEXT parts byte for byte', async () => {
  const { c, uid, uidv } = await setup();
  const caps = (await c.command('k', 'CAPABILITY')).toString();
  for (const cap of ['CATENATE', 'LITERAL+'])
    assert.match(caps, new RegExp(` ${cap.replace('+', '\\+')}[ \\r]`));
  const cmd =
    `APPEND Drafts (\\Draft) CATENATE (URL "/INBOX;UIDVALIDITY=${uidv}/;UID=${uid}/;SECTION=HEADER" ` +
    `${text('--new\r\n')} URL "imap://alice%40example.test@mail.example.test/INBOX/;UID=${uid}/;SECTION=1.MIME" ` +
    `URL "/INBOX/;UID=${uid}/;SECTION=1" ${text('\r\n')} URL "/INBOX/;UID=${uid}/;SECTION=2/;PARTIAL=4.4" ` +
    `URL "/INBOX/;UID=${uid}/;PARTIAL=100000.5" URL "/inbox/;uid=${uid}/;section=TEXT/;partial=0.8")\r\n`;
  const r = await c.command('a', cmd);
  assert.match(r.toString(), /^a OK \[APPENDUID \d+ \d+\]/m);
  const want = `${HEADER}--new\r\n${MIME1}${BODY1}\r\n${BODY2.slice(4, 8)}${TEXT.slice(0, 8)}`;
  assert.equal((await lastBody(c, 'Drafts')).toString('utf8'), want);

  // Relative to the selected mailbox (";UID="), the whole message, and MULTIAPPEND.
  await c.command('s', 'SELECT INBOX');
  const m = await c.command(
    'b',
    `APPEND Drafts CATENATE (URL ";UID=${uid}") (\\Seen) {5+}\r\nhello CATENATE (URL ";UID=${uid}/;SECTION=HEADER.FIELDS%20(Subject)" ${text('body\r\n')})\r\n`,
  );
  assert.match(m.toString(), /^b OK \[APPENDUID \d+ \d+:\d+\]/m);
  assert.equal((await lastBody(c, 'Drafts')).toString(), 'Subject: parts\r\n\r\nbody\r\n');
  await c.command('y', 'EXAMINE Drafts');
  const all = await c.command('g', 'FETCH 2 BODY.PEEK[]');
  assert.equal(literalAfter(all, 'BODY[]')!.toString('utf8'), MSG);
  c.close();
});

test('CATENATE errors: BADURL, TRYCREATE first, all-or-nothing, other users, TOOBIG', async () => {
  const { c, uid, uidv } = await setup();
  const before = (await srv.mailbox('Drafts')).messages;
  const bad = `/INBOX;UIDVALIDITY=${uidv + 1}/;UID=${uid}/;SECTION=HEADER`;
  const r = await c.command(
    'a',
    `APPEND Drafts CATENATE (${text('x: 1\r\n')} URL "${bad}" ${text('\r\nb\r\n')})\r\n`,
  );
  assert.match(r.toString(), new RegExp(`^a NO \\[BADURL ${bad.replace(/[;/.]/g, '\\$&')}\\]`, 'm'));
  for (const u of [
    `/INBOX/;UID=${uid + 100}`, // no such message
    `/INBOX/;UID=${uid}/;SECTION=9`, // no such section
    `/Nope/;UID=${uid}`, // no such mailbox
    ';UID=1', // relative without a selected mailbox
    `/INBOX/;UID=${uid};URLAUTH=anonymous:INTERNAL:00000000000000000000000000000000`, // bad token
    'http://example.test/',
  ]) {
    const x = await c.command('u', `APPEND Drafts CATENATE (URL "${u}")\r\n`);
    assert.match(x.toString(), /^u NO \[BADURL /m, u);
  }
  // MULTIAPPEND: the second message's bad URL means nothing is appended.
  const m = await c.command('m', `APPEND Drafts {3+}\r\nabc CATENATE (URL "${bad}")\r\n`);
  assert.match(m.toString(), /^m NO \[BADURL /m);
  assert.equal((await srv.mailbox('Drafts')).messages, before);
  // A missing destination is [TRYCREATE] even when a URL is bad too.
  const t = await c.command('t', `APPEND Missing CATENATE (${text('h: 1\r\n')} URL "${bad}")\r\n`);
  assert.match(t.toString(), /^t NO \[TRYCREATE\]/m);
  // Another user's message cannot be read without URLAUTH.
  await srv.addUser('carol@example.test');
  await srv.deliver(MSG, 'carol@example.test');
  const o = await c.command(
    'o',
    `APPEND Drafts CATENATE (URL "imap://carol%40example.test@h/INBOX/;UID=1")\r\n`,
  );
  assert.match(o.toString(), /^o NO \[BADURL /m);
  // The assembled message over the size limit.
  const big = `${HEADER}${'x'.repeat(200_000)}\r\n`;
  await srv.deliver(big);
  const bigUid = (await srv.mailbox('INBOX')).uidNext - 1;
  const tb = await c.command(
    'z',
    `APPEND Drafts CATENATE (URL "/INBOX/;UID=${bigUid}" URL "/INBOX/;UID=${bigUid}/;SECTION=TEXT")\r\n`,
  );
  assert.match(tb.toString(), /^z NO \[TOOBIG\]/m);
  assert.equal((await srv.mailbox('Drafts')).messages, before);
  c.close();
});
