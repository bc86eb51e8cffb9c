import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BodyEncoder, encodeBody } from '../../../src/protocols/pop3/wire/body-encoder.js';

/** A deliberately naive reference: whole message as lines. */
function reference(msg: Buffer, bodyLines: number | null): Buffer {
  let s = msg.toString('latin1').replace(/\x00/g, '\x80').replace(/\r?\n/g, '\r\n');
  if (s.length > 0 && !s.endsWith('\r\n')) s += s.endsWith('\r') ? '\n' : '\r\n';
  let lines = s === '' ? [] : s.slice(0, -2).split('\r\n');
  if (bodyLines !== null) {
    const blank = lines.indexOf('');
    if (blank !== -1) lines = lines.slice(0, blank + 1 + bodyLines);
  }
  const body = lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
  return Buffer.from(`${lines.length ? `${body}\r\n` : ''}.\r\n`, 'latin1');
}

function encodeInChunks(msg: Buffer, cuts: number[], bodyLines: number | null): Buffer {
  const enc = new BodyEncoder({ bodyLines });
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts, msg.length]) {
    out.push(enc.write(msg.subarray(prev, c)));
    prev = c;
    if (enc.done) break;
  }
  out.push(enc.end());
  return Buffer.concat(out);
}

test('RETR: CRLF message passes through unchanged, then ".CRLF"', () => {
  const msg = Buffer.from('Subject: hi\r\n\r\nhello\r\n');
  assert.equal(encodeBody(msg).toString(), 'Subject: hi\r\n\r\nhello\r\n.\r\n');
});

test('dot-stuffing at line starts, not elsewhere', () => {
  const msg = Buffer.from('A: b\r\n\r\n.\r\n..x\r\na.b\r\n.end');
  assert.equal(encodeBody(msg).toString(), 'A: b\r\n\r\n..\r\n...x\r\na.b\r\n..end\r\n.\r\n');
});

test('a dot at the start of a line straddling chunks is stuffed', () => {
  const enc = new BodyEncoder();
  const parts = [
    enc.write(Buffer.from('x\r')),
    enc.write(Buffer.from('\n')),
    enc.write(Buffer.from('.y\r\n')),
  ];
  parts.push(enc.end());
  assert.equal(Buffer.concat(parts).toString(), 'x\r\n..y\r\n.\r\n');
});

test('a dot first in the first chunk is stuffed', () => {
  assert.equal(encodeBody(Buffer.from('.hidden\r\n')).toString(), '..hidden\r\n.\r\n');
});

test('bare LF becomes CRLF; message without final newline gets CRLF', () => {
  assert.equal(encodeBody(Buffer.from('a\nb\n\nc')).toString(), 'a\r\nb\r\n\r\nc\r\n.\r\n');
});

test('trailing bare CR is completed, empty message is just the terminator', () => {
  assert.equal(encodeBody(Buffer.from('a\r')).toString(), 'a\r\n.\r\n');
  assert.equal(encodeBody(Buffer.alloc(0)).toString(), '.\r\n');
});

test('NUL bytes are sent as 0x80, size unchanged', () => {
  const out = encodeBody(Buffer.from([0x61, 0x00, 0x62, 0x0d, 0x0a]));
  assert.deepEqual([...out], [0x61, 0x80, 0x62, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]);
});

test('input buffers are never modified', () => {
  const msg = Buffer.from([0x00, 0x0d, 0x0a]);
  encodeBody(msg);
  assert.deepEqual([...msg], [0x00, 0x0d, 0x0a]);
});

test('TOP n: header, blank line, n body lines', () => {
  const msg = Buffer.from('A: 1\r\nB: 2\r\n\r\nl1\r\n.l2\r\nl3\r\n');
  assert.equal(encodeBody(msg, 0).toString(), 'A: 1\r\nB: 2\r\n\r\n.\r\n');
  assert.equal(encodeBody(msg, 2).toString(), 'A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\n.\r\n');
  assert.equal(encodeBody(msg, 99).toString(), 'A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\nl3\r\n.\r\n');
});

test('TOP on a message without a blank line returns the whole header', () => {
  assert.equal(encodeBody(Buffer.from('A: 1\r\nB: 2'), 0).toString(), 'A: 1\r\nB: 2\r\n.\r\n');
});

test('TOP sets done so the reader can stop early', () => {
  const enc = new BodyEncoder({ bodyLines: 1 });
  enc.write(Buffer.from('H: x\r\n\r\nfirst\r\nsecond\r\n'));
  assert.equal(enc.done, true);
  assert.equal(enc.write(Buffer.from('more\r\n')).length, 0);
  assert.equal(enc.end().toString(), '.\r\n');
});

test('TOP: blank line split across chunks (CR | LF) is recognised', () => {
  const msg = Buffer.from('H: x\r\n\r\nbody\r\n');
  assert.equal(encodeInChunks(msg, [7], 0).toString(), 'H: x\r\n\r\n.\r\n');
  assert.equal(encodeInChunks(msg, [6, 7], 0).toString(), 'H: x\r\n\r\n.\r\n');
});

test('property: any chunking gives the reference output (RETR and TOP)', () => {
  // Deterministic pseudo-random generator so a failure is reproducible.
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = [0x2e, 0x2e, 0x0d, 0x0a, 0x0a, 0x61, 0x62, 0x20, 0x00, 0x3a];
  for (let iter = 0; iter < 3000; iter++) {
    const len = rnd(60);
    const msg = Buffer.alloc(len);
    for (let i = 0; i < len; i++) msg[i] = alphabet[rnd(alphabet.length)]!;
    const cuts = [...new Set(Array.from({ length: rnd(6) }, () => rnd(len + 1)))].sort((a, b) => a - b);
    const bodyLines = rnd(3) === 0 ? null : rnd(4);
    const got = encodeInChunks(msg, cuts, bodyLines);
    const want = reference(msg, bodyLines);
    assert.deepEqual(
      got,
      want,
      `msg=${JSON.stringify(msg.toString('latin1'))} cuts=${cuts} top=${bodyLines}`,
    );
  }
});

test('a large CRLF message is encoded without per-line copies', () => {
  const line = Buffer.from(`${'x'.repeat(76)}\r\n`);
  const msg = Buffer.concat(Array.from({ length: 20000 }, () => line));
  const enc = new BodyEncoder();
  const out = enc.write(msg);
  assert.equal(out.length, msg.length);
  assert.equal(enc.end().toString(), '.\r\n');
});
