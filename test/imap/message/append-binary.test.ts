// RFC 3516 over a real socket: a message APPENDed as literal8 (~{n}) with
// "Content-Transfer-Encoding: binary" parts comes back byte for byte through BINARY[n]
// (BINARY.SIZE the count sent), while BODY[n] gives base64 text, never NUL; BODYSTRUCTURE,
// RFC822.SIZE and BODY[] agree on the stored form. A NUL the server cannot store gets
// NO [UNKNOWN-CTE] and stores nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, literalAfter } from './bytes-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

const b = (s: string) => Buffer.from(s, 'latin1');

function append8(mailbox: string, body: Buffer, binary = true): Buffer {
  return Buffer.concat([b(`APPEND ${mailbox} ${binary ? '~' : ''}{${body.length}+}\r\n`), body, b('\r\n')]);
}

async function appendUid(c: BytesImap, tag: string, mailbox: string, body: Buffer, binary = true) {
  const r = (await c.command(tag, append8(mailbox, body, binary))).toString('latin1');
  const m = /APPENDUID \d+ (\d+)/.exec(r);
  assert.ok(m, r);
  return Number(m[1]);
}

/** Bytes with NUL, bare CR and LF, CRLF and 8-bit octets, never "--" (no boundary). */
function payload(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 99;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 16) & 0xff;
    if (out[i] === 0x2d) out[i] = 0x0a;
  }
  return out;
}

test('imaptest append-binary: 7 binary bytes, BINARY.SIZE 7, BINARY[1] exact, BODY[1] base64', async () => {
  const c = await BytesImap.open(srv.port);
  const content = b('\x00-\xe4\n\r\n\n');
  const msg = Buffer.concat([
    b(
      'From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n' +
        'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n',
    ),
    content,
  ]);
  const uid = await appendUid(c, 'a', 'Archive', msg);
  await c.command('s', 'EXAMINE Archive');
  const f = await c.command(
    'f',
    `UID FETCH ${uid} (BINARY.SIZE[1] BINARY.PEEK[1] BODY.PEEK[1] BODY.PEEK[] RFC822.SIZE BODYSTRUCTURE)`,
  );
  const text = f.toString('latin1');
  assert.match(text, /BINARY\.SIZE\[1\] 7[ )]/);
  // Literal8 because of the NUL (RFC 3516 §4.3).
  assert.match(text, /BINARY\[1\] ~\{7\}\r\n/);
  assert.deepEqual(literalAfter(f, 'BINARY[1]'), content);
  const body1 = literalAfter(f, 'BODY[1]') ?? b(/BODY\[1\] "([^"]*)"/.exec(text)?.[1] ?? '');
  assert.equal(body1.toString('latin1'), 'AC3kCg0KCg==');
  const whole = literalAfter(f, 'BODY[]')!;
  assert.match(text, /BODY\[\] \{\d+\}\r\n/); // a plain literal: nothing binary left in it
  assert.equal(whole.includes(0), false);
  assert.match(whole.toString('latin1'), /\r\nContent-Transfer-Encoding: base64\r\n\r\nAC3kCg0KCg==$/);
  assert.match(text, new RegExp(`RFC822\\.SIZE ${whole.length}[ )]`));
  assert.match(text, /BODYSTRUCTURE \("application" "octet-stream" NIL NIL NIL "base64" 12[ )]/i);
  // The search index saw the stored message (header fields searchable as usual).
  const s = await c.command('x', 'UID SEARCH FROM user@domain.org');
  assert.match(s.toString('latin1'), new RegExp(`^\\* SEARCH( \\d+)* ${uid}( |\\r)`, 'm'));
  c.close();
});

test('a multipart literal8: a 200 KB binary part round-trips, text parts and structure agree', async () => {
  const c = await BytesImap.open(srv.port);
  const data = payload(200 * 1024);
  const msg = Buffer.concat([
    b(
      'From: a@example.test\nSubject: mixed\nContent-Type: multipart/mixed; boundary="=_b"\n\n' +
        '--=_b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\ncaf\xc3\xa9\nline 2\n' +
        '--=_b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: binary\n\n',
    ),
    data,
    b('\n--=_b--\n'),
  ]);
  const uid = await appendUid(c, 'a', 'Archive', msg);
  await c.command('s', 'EXAMINE Archive');
  const f = await c.command(
    'f',
    `UID FETCH ${uid} (BINARY.SIZE[2] BINARY.PEEK[2] BINARY.PEEK[1] BODY.PEEK[2] BODYSTRUCTURE RFC822.SIZE)`,
  );
  const text = f.toString('latin1');
  assert.match(text, new RegExp(`BINARY\\.SIZE\\[2\\] ${data.length}[ )]`));
  assert.deepEqual(literalAfter(f, 'BINARY[2]'), data);
  // The 8bit text part was sent with bare LFs: stored (and returned) CRLF-normalised.
  const t1 = literalAfter(f, 'BINARY[1]') ?? b(/BINARY\[1\] "([^"]*)"/.exec(text)?.[1] ?? '');
  assert.equal(t1.toString('utf8'), 'café\r\nline 2');
  const b64 = literalAfter(f, 'BODY[2]')!;
  assert.equal(b64.includes(0), false);
  assert.ok(
    b64
      .toString('latin1')
      .split('\r\n')
      .every((l) => l.length <= 76),
  );
  assert.deepEqual(Buffer.from(b64.toString('latin1'), 'base64'), data);
  const size = new RegExp(`"octet-stream" NIL NIL NIL "base64" ${b64.length}[ )]`, 'i');
  assert.match(text, size);
  const full = await c.command('g', `UID FETCH ${uid} BODY.PEEK[]`);
  const stored = literalAfter(full, 'BODY[]')!;
  assert.match(text, new RegExp(`RFC822\\.SIZE ${stored.length}[ )]`));
  assert.equal(/(^|[^\r])\n/.test(stored.toString('latin1')), false, 'stored with CRLF only');
  c.close();
});

test('literal8 with a NUL outside a binary part: NO [UNKNOWN-CTE], nothing stored', async () => {
  const c = await BytesImap.open(srv.port);
  const before = (await srv.mailbox('Archive')).messages;
  const inText = b('Subject: nul\r\nContent-Type: text/plain\r\n\r\nab\x00cd\r\n');
  const r = await c.command('a', append8('Archive', inText));
  assert.match(r.toString('latin1'), /^a NO \[UNKNOWN-CTE\]/m);
  const inHeader = b('Subject: n\x00l\r\nContent-Transfer-Encoding: binary\r\n\r\n\x00\r\n');
  const r2 = await c.command('b', append8('Archive', inHeader));
  assert.match(r2.toString('latin1'), /^b NO \[UNKNOWN-CTE\]/m);
  // MULTIAPPEND (RFC 3502): a good message before the refused one is not stored either.
  const good = b('Subject: good\r\nContent-Transfer-Encoding: binary\r\n\r\n\x00\r\n');
  const multi = Buffer.concat([
    b(`APPEND Archive ~{${good.length}+}\r\n`),
    good,
    b(` ~{${inText.length}+}\r\n`),
    inText,
    b('\r\n'),
  ]);
  const r3 = await c.command('m', multi);
  assert.match(r3.toString('latin1'), /^m NO \[UNKNOWN-CTE\]/m);
  assert.equal((await srv.mailbox('Archive')).messages, before);
  // The connection is still usable.
  const n = await c.command('n', 'NOOP');
  assert.match(n.toString('latin1'), /^n OK/m);
  c.close();
});

test('literal8 without binary parts is stored as a plain literal would be', async () => {
  const c = await BytesImap.open(srv.port);
  const msg = b('Subject: plain 8\r\nContent-Type: text/plain\r\n\r\ncaf\xe9\r\n');
  const uid = await appendUid(c, 'a', 'Archive', msg);
  await c.command('s', 'EXAMINE Archive');
  const f = await c.command('f', `UID FETCH ${uid} BODY.PEEK[]`);
  assert.deepEqual(literalAfter(f, 'BODY[]'), msg);
  c.close();
});

test('CATENATE with a literal8 TEXT part: the assembled message is converted the same way', async () => {
  const c = await BytesImap.open(srv.port);
  const head = b(
    'Subject: cat\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n',
  );
  const tail = b('\x00\n\xff\r');
  const cmd = Buffer.concat([
    b(`APPEND Archive CATENATE (TEXT {${head.length}+}\r\n`),
    head,
    b(` TEXT ~{${tail.length}+}\r\n`),
    tail,
    b(')\r\n'),
  ]);
  const r = (await c.command('a', cmd)).toString('latin1');
  const uid = Number(/APPENDUID \d+ (\d+)/.exec(r)?.[1]);
  assert.ok(uid, r);
  await c.command('s', 'EXAMINE Archive');
  const f = await c.command('f', `UID FETCH ${uid} (BINARY.SIZE[1] BINARY.PEEK[1])`);
  assert.match(f.toString('latin1'), /BINARY\.SIZE\[1\] 4[ )]/);
  assert.deepEqual(literalAfter(f, 'BINARY[1]'), tail);
  c.close();
});
