import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ImapResponse, ResponseReader } from '../../bench/lib/imap-reader.js';

function feed(reader: ResponseReader, chunks: readonly (string | Buffer)[]): ImapResponse[] {
  const out: ImapResponse[] = [];
  for (const c of chunks) {
    reader.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
    for (let r = reader.next(); r; r = reader.next()) out.push(r);
  }
  return out;
}

const STREAM =
  '* 1 FETCH (UID 7 BODY[] {9}\r\nab\r\n{3}\r\n)\r\n* 2 FETCH (FLAGS (\\Seen))\r\n' +
  '* 3 FETCH (BODY[HEADER] {0}\r\n BODY[TEXT] {4}\r\nwxyz)\r\nt1 OK done\r\n';

test('responses end at a CRLF that does not announce a literal', () => {
  const rs = feed(new ResponseReader({ keepLiterals: true }), [STREAM]);
  assert.deepEqual(
    rs.map((r) => r.text),
    [
      '* 1 FETCH (UID 7 BODY[] {9}\r\n)',
      '* 2 FETCH (FLAGS (\\Seen))',
      '* 3 FETCH (BODY[HEADER] {0}\r\n BODY[TEXT] {4}\r\n)',
      't1 OK done',
    ],
  );
  // the literal holds "{3}\r\n" itself: data inside a literal is never taken for framing
  assert.deepEqual(
    rs[0]?.literals.map((b) => b.toString('latin1')),
    ['ab\r\n{3}\r\n'],
  );
  assert.equal(rs[0]?.literalBytes, 9);
  assert.deepEqual(
    rs[2]?.literals.map((b) => b.toString()),
    ['', 'wxyz'],
  );
});

test('framing does not depend on how the bytes are split', () => {
  const whole = feed(new ResponseReader({ keepLiterals: true }), [STREAM]);
  const bytes = Buffer.from(STREAM, 'latin1');
  const single = feed(
    new ResponseReader({ keepLiterals: true }),
    Array.from(bytes, (b) => Buffer.from([b])),
  );
  assert.deepEqual(single, whole);
  for (let cut = 1; cut < bytes.length; cut += 3) {
    const two = feed(new ResponseReader({ keepLiterals: true }), [
      bytes.subarray(0, cut),
      bytes.subarray(cut),
    ]);
    assert.deepEqual(two, whole, `split at ${cut}`);
  }
});

test('literal data is counted but not kept by default', () => {
  const body = Buffer.alloc(100_000, 0x61);
  const r = feed(new ResponseReader(), [`* 1 FETCH (BODY[] {${body.length}}\r\n`, body, ')\r\n']);
  assert.equal(r.length, 1);
  assert.equal(r[0]?.literalBytes, 100_000);
  assert.deepEqual(r[0]?.literals, []);
});

test('a line over the limit fails instead of growing without bound', () => {
  const reader = new ResponseReader({ maxLineBytes: 64 });
  assert.throws(() => reader.push(Buffer.alloc(100, 0x61)), /longer than 64/);
  const r2 = new ResponseReader({ maxLineBytes: 64 });
  assert.throws(() => r2.push(Buffer.from(`* ${'x'.repeat(80)}\r\n`)), /longer than 64/);
});

test('incomplete data stays buffered until its end arrives', () => {
  const reader = new ResponseReader();
  assert.deepEqual(feed(reader, ['* OK partial']), []);
  assert.equal(reader.buffered, 12);
  assert.deepEqual(
    feed(reader, [' line\r\n']).map((r) => r.text),
    ['* OK partial line'],
  );
  assert.equal(reader.buffered, 0);
});
