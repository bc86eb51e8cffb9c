// encodeBinaryParts: the "binary" leaves of a literal8 message become base64 (header field
// rewritten, body in 76-character CRLF lines), everything else passes byte for byte; the
// result is the same whatever the chunking; a NUL outside such a leaf is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  analyzeMessage,
  Base64Lines,
  binaryLeaves,
  encodeBinaryParts,
  findPart,
  NulOutsideBinaryError,
  setTransferEncoding,
} from '../../src/mime/index.js';

const b = (s: string) => Buffer.from(s, 'latin1');

async function collect(chunks: Iterable<Buffer>, msg: Buffer): Promise<Buffer> {
  const leaves = binaryLeaves(analyzeMessage(msg).structure);
  const out: Buffer[] = [];
  for await (const c of encodeBinaryParts(chunks, leaves)) out.push(c);
  return Buffer.concat(out);
}

function* pieces(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** A deterministic byte pattern with NUL, CR, LF and 8-bit bytes but no "--". */
function payload(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 16) & 0xff;
    if (out[i] === 0x2d) out[i] = 0x0a;
  }
  return out;
}

test('setTransferEncoding replaces the field, folded lines included, keeps the rest', () => {
  const h = b('Subject: x\nContent-transfer-encoding:\r\n  BINARY\r\nX-A: 1\r\n\r\n');
  assert.equal(
    setTransferEncoding(h, 'base64').toString('latin1'),
    'Subject: x\nContent-transfer-encoding: base64\r\nX-A: 1\r\n\r\n',
  );
  const none = b('Subject: x\r\n\r\n');
  assert.equal(setTransferEncoding(none, 'base64'), none);
});

test('Base64Lines: 76-character lines joined by CRLF, same output for any chunking', () => {
  const data = payload(57 * 3 + 10);
  const whole = new Base64Lines();
  const a = Buffer.concat([whole.push(data), whole.end()]).toString('latin1');
  const lines = a.split('\r\n');
  assert.deepEqual(
    lines.map((l) => l.length),
    [76, 76, 76, 16],
  );
  assert.deepEqual(Buffer.from(lines.join(''), 'base64'), data);
  const bytewise = new Base64Lines();
  const parts = [...pieces(data, 1)].map((c) => bytewise.push(c));
  assert.equal(Buffer.concat([...parts, bytewise.end()]).toString('latin1'), a);
  const empty = new Base64Lines();
  assert.equal(empty.end().length, 0);
});

test('a single-part binary message: body bytes (NUL, bare LF, CR LF) become base64', async () => {
  const msg = b(
    'From: a@example.test\r\nContent-Type: application/octet-stream\r\n' +
      'Content-Transfer-Encoding: binary\r\n\r\n\x00-\xe4\n\r\n\n',
  );
  const out = await collect([msg], msg);
  assert.equal(
    out.toString('latin1'),
    'From: a@example.test\r\nContent-Type: application/octet-stream\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\nAC3kCg0KCg==',
  );
});

test('multipart: only binary leaves change; the line break before a boundary stays', async () => {
  const data = payload(5000);
  const msg = Buffer.concat([
    b(
      'From: a@example.test\nContent-Type: multipart/mixed; boundary="=_b"\n\npre\n' +
        '--=_b\nContent-Type: text/plain\n\nbare\nLF text\n' +
        '--=_b\nContent-Transfer-Encoding: binary\nContent-Type: image/png\n\n',
    ),
    data,
    b(
      '\r\n--=_b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: binary\n\n' +
        'Subject: inner\nContent-Transfer-Encoding: BINARY\n\n\x00\xff\n' +
        '--=_b\nContent-Type: application/x-empty\nContent-Transfer-Encoding: binary\n\n' +
        '\n--=_b--\npost\n',
    ),
  ]);
  const out = await collect([msg], msg);
  for (const size of [1, 7, 57, 4096])
    assert.deepEqual(await collect(pieces(msg, size), msg), out, `chunks of ${size}`);
  const root = analyzeMessage(out).structure;
  const png = findPart(root, [2])!;
  assert.equal(png.encoding, 'BASE64');
  assert.deepEqual(Buffer.from(out.subarray(png.bodyStart, png.bodyEnd).toString('latin1'), 'base64'), data);
  // The text part and the multipart framing pass unchanged (bare LFs kept: ingest normalises).
  assert.ok(out.includes(b('pre\n--=_b\nContent-Type: text/plain\n\nbare\nLF text\n--=_b\n')));
  // The encapsulated message keeps its own encoding; its binary body is encoded.
  const inner = findPart(root, [3])!;
  assert.equal(inner.encoding, 'BINARY');
  const innerBody = inner.message!.part;
  assert.equal(innerBody.encoding, 'BASE64');
  assert.equal(out.subarray(innerBody.bodyStart, innerBody.bodyEnd).toString('latin1'), 'AP8=');
  // An empty binary body stays empty.
  const empty = findPart(root, [4])!;
  assert.equal(empty.encoding, 'BASE64');
  assert.equal(empty.bodyEnd - empty.bodyStart, 0);
  assert.ok(out.toString('latin1').endsWith('\n--=_b--\npost\n'));
});

test('a multipart declared binary is not encoded (its children are looked at)', () => {
  const msg = b(
    'Content-Type: multipart/mixed; boundary=x\r\nContent-Transfer-Encoding: binary\r\n\r\n' +
      '--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--\r\n',
  );
  assert.deepEqual(binaryLeaves(analyzeMessage(msg).structure), []);
});

test('NUL outside a binary leaf (header, 8bit text) is refused with its offset', async () => {
  const inHeader = b('Subject: a\x00b\r\nContent-Transfer-Encoding: binary\r\n\r\nx');
  await assert.rejects(collect(pieces(inHeader, 3), inHeader), (e: unknown) => {
    assert.ok(e instanceof NulOutsideBinaryError);
    assert.equal(e.offset, 10);
    return true;
  });
  const in8bit = b('Content-Transfer-Encoding: 8bit\r\n\r\nab\x00');
  await assert.rejects(
    collect([in8bit], in8bit),
    (e: unknown) => e instanceof NulOutsideBinaryError && e.offset === 37,
  );
  const clean = b('Subject: plain\r\n\r\nno binary here\n');
  assert.deepEqual(await collect([clean], clean), clean);
});
