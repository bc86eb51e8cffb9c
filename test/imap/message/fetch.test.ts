// FETCH through imapflow and a byte-exact client: every item, sections at any depth,
// partial fetches compared byte for byte with the stored message, BINARY decoding,
// \Seen on non-PEEK fetches, and a large mailbox streamed by UID FETCH 1:*.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, flowClient, literalAfter } from './bytes-client.js';

let srv: TestServer;
const fixture = (n: string) => readFile(new URL(`../../../../test/fixtures/mail/${n}`, import.meta.url));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The stored bytes of the message with this UID in INBOX. */
async function stored(uid: number): Promise<Buffer> {
  const box = await srv.mailbox('INBOX');
  const [rec] = await srv.core.messages.list(box.id, [{ start: uid, end: uid }], 1);
  return srv.core.messages.readBodyBuffer(rec!);
}

before(async () => {
  srv = await startTestServer();
  await srv.deliver(message('plain one', 'Body line one.\r\nBody line two.\r\n')); // uid 1
  await srv.deliver(await fixture('rfc822-in-multipart.eml')); // uid 2
  await srv.deliver(await fixture('rfc2231-filenames.eml')); // uid 3
  // uid 4: 300 KB body for chunked partial fetches
  const big = Array.from({ length: 6000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\r\n');
  await srv.deliver(message('big one', `${big}\r\n`));
});
after(async () => {
  await srv.stop();
});

const flow = () => flowClient(srv);

test('imapflow: FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, UID, MODSEQ, EMAILID, THREADID', async () => {
  const c = flow();
  await c.connect();
  await c.mailboxOpen('INBOX');
  const msgs = [];
  for await (const m of c.fetch('1:*', {
    flags: true,
    internalDate: true,
    size: true,
    envelope: true,
    bodyStructure: true,
    uid: true,
    threadId: true,
  }))
    msgs.push(m);
  assert.equal(msgs.length, 4);
  const [m1, m2] = msgs;
  assert.equal(m1!.envelope!.subject, 'plain one');
  assert.equal(m1!.envelope!.from![0]!.address, 'bob@example.net');
  assert.equal(m1!.size, (await stored(1)).length);
  assert.ok(m1!.internalDate instanceof Date);
  assert.ok(m1!.emailId && m1!.threadId); // imapflow asks for them under OBJECTID
  assert.equal(m2!.envelope!.subject, 'Fwd: original');
  const bs = m2!.bodyStructure!;
  assert.equal(bs.type, 'multipart/mixed');
  assert.equal(bs.childNodes![1]!.type, 'message/rfc822');
  assert.equal(bs.childNodes![1]!.envelope!.subject, 'original');
  assert.equal(bs.childNodes![1]!.childNodes![0]!.type, 'multipart/alternative');
  await c.logout();
});

test('BODY[] partial fetches (imapflow download in chunks and explicit ranges) match the stored bytes', async () => {
  const c = flow();
  await c.connect();
  await c.mailboxOpen('INBOX');
  const whole = await stored(4);
  // imapflow's download() fetches BODY.PEEK[]<start.len> chunks (CLIENT-QUIRKS §1).
  const dl = await c.download('4', undefined, { uid: true, chunkSize: 64 * 1024 });
  const parts: Buffer[] = [];
  for await (const ch of dl.content!) parts.push(ch as Buffer);
  assert.equal(sha(Buffer.concat(parts)), sha(whole));
  for (const [start, len] of [
    [0, 10],
    [1000, 5000],
    [whole.length - 7, 100],
    [whole.length + 10, 5],
  ] as const) {
    const m = await c.fetchOne('4', { source: { start, maxLength: len } }, { uid: true });
    assert.ok(m);
    const want = whole.subarray(Math.min(start, whole.length), Math.min(start + len, whole.length));
    assert.equal(sha(m.source ?? Buffer.alloc(0)), sha(want), `range ${start}+${len}`);
  }
  await c.logout();
});

test('sections: HEADER, TEXT, MIME, HEADER.FIELDS(.NOT), nested part numbers, byte-exact', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  const whole = await stored(2);
  const s = whole.toString('latin1');
  const r = await c.command(
    'f',
    'UID FETCH 2 (BODY.PEEK[HEADER] BODY.PEEK[TEXT] BODY.PEEK[1] BODY.PEEK[1.MIME] BODY.PEEK[2.HEADER] BODY.PEEK[2.2] BODY.PEEK[2.1.MIME] BODY.PEEK[HEADER.FIELDS (Subject To)] BODY.PEEK[HEADER.FIELDS.NOT (Subject)] BODY.PEEK[2.HEADER.FIELDS (Message-ID)] BODY.PEEK[9] BODY.PEEK[]<5.12>)',
  );
  const hdrEnd = s.indexOf('\r\n\r\n') + 4;
  assert.deepEqual(literalAfter(r, 'BODY[HEADER]'), whole.subarray(0, hdrEnd));
  assert.deepEqual(literalAfter(r, 'BODY[TEXT]'), whole.subarray(hdrEnd));
  assert.equal(literalAfter(r, 'BODY[1]')!.toString(), 'See attached.');
  assert.equal(literalAfter(r, 'BODY[1.MIME]')!.toString(), 'Content-Type: text/plain\r\n\r\n');
  assert.match(
    literalAfter(r, 'BODY[2.HEADER]')!.toString(),
    /^From: Original <orig@example.org>\r\n[\s\S]*\r\n\r\n$/,
  );
  assert.equal(literalAfter(r, 'BODY[2.2]')!.toString(), '<b>html inner</b>');
  assert.equal(
    literalAfter(r, 'BODY[2.1.MIME]')!.toString(),
    'Content-Type: text/plain; charset=utf-8\r\n\r\n',
  );
  assert.equal(
    literalAfter(r, 'BODY[HEADER.FIELDS (Subject To)]')!.toString(),
    'To: you@example.com\r\nSubject: Fwd: original\r\n\r\n',
  );
  const not = literalAfter(r, 'BODY[HEADER.FIELDS.NOT (Subject)]')!.toString();
  assert.doesNotMatch(not, /Subject/);
  assert.match(not, /^From: Forwarder/);
  assert.equal(
    literalAfter(r, 'BODY[2.HEADER.FIELDS (Message-ID)]')!.toString(),
    'Message-ID: <orig-1@example.org>\r\n\r\n',
  );
  assert.equal(literalAfter(r, 'BODY[9]')!.length, 0);
  assert.deepEqual(literalAfter(r, 'BODY[]<5>'), whole.subarray(5, 17));
  assert.match(r.toString(), /^f OK/m);
  c.close();
});

test('RFC822, RFC822.HEADER, RFC822.TEXT, BINARY (base64 decoded), BINARY.SIZE, PREVIEW, SAVEDATE', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'EXAMINE INBOX');
  const whole = await stored(3);
  const r = await c.command(
    'f',
    'UID FETCH 3 (RFC822 RFC822.HEADER RFC822.TEXT BINARY.PEEK[1] BINARY.SIZE[1] BINARY.PEEK[1]<1.3> BINARY.PEEK[2] PREVIEW SAVEDATE)',
  );
  assert.deepEqual(literalAfter(r, 'RFC822'), whole);
  assert.deepEqual(
    Buffer.concat([literalAfter(r, 'RFC822.HEADER')!, literalAfter(r, 'RFC822.TEXT')!]),
    whole,
  );
  const pdf = Buffer.from('JVBERi0=', 'base64');
  assert.deepEqual(literalAfter(r, 'BINARY[1]'), pdf);
  assert.match(r.toString(), new RegExp(`BINARY\\.SIZE\\[1\\] ${pdf.length}`));
  assert.deepEqual(literalAfter(r, 'BINARY[1]<1>'), pdf.subarray(1, 4));
  assert.equal(literalAfter(r, 'BINARY[2]')!.toString(), 'continuations out of order');
  assert.match(r.toString(), /PREVIEW "?continuations out of order/);
  assert.match(r.toString(), /SAVEDATE "\d\d-[A-Z][a-z]{2}-\d{4} /);
  // EXAMINE: RFC822 does not set \Seen in a read-only mailbox.
  const f = await c.command('g', 'UID FETCH 3 (FLAGS)');
  assert.doesNotMatch(f.toString(), /\\Seen/);
  const bad = await c.command('h', 'UID FETCH 3 (BINARY.PEEK[7])');
  assert.match(bad.toString(), /^h NO/m);
  c.close();
});

test('BODY[] without PEEK sets \\Seen and reports FLAGS; BODY.PEEK does not', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  const p = await c.command('a', 'FETCH 1 (BODY.PEEK[TEXT])');
  assert.doesNotMatch(p.toString(), /FLAGS/);
  const r = await c.command('b', 'FETCH 1 (BODY[TEXT])');
  assert.match(r.toString(), /^\* 1 FETCH \(BODY\[TEXT\] \{\d+\}\r\n[\s\S]*FLAGS \(\\Seen\)\)/m);
  const again = await c.command('c', 'FETCH 1 (FLAGS)');
  assert.match(again.toString(), /\\Seen/);
  await c.command('d', 'STORE 1 -FLAGS (\\Seen)');
  c.close();
});

test('FETCH errors: bad message number is BAD, UID FETCH of missing UIDs is OK and empty', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  assert.match((await c.command('a', 'FETCH 99 FLAGS')).toString(), /^a BAD/m);
  const r = (await c.command('b', 'UID FETCH 500:600 FLAGS')).toString();
  assert.doesNotMatch(r, /FETCH \(/);
  assert.match(r, /^b OK/m);
  c.close();
});

test('under CONDSTORE the implicit \\Seen is reported with MODSEQ', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX (CONDSTORE)');
  await c.command('a', 'STORE 1 -FLAGS.SILENT (\\Seen)');
  const r = await c.command('b', 'FETCH 1 (BODY[HEADER.FIELDS (Subject)])');
  assert.match(r.toString(), /FLAGS \(\\Seen\) MODSEQ \(\d+\)\)\r\n/);
  await c.command('d', 'STORE 1 -FLAGS.SILENT (\\Seen)');
  c.close();
});
