// binaryEntity: encoded leaves decoded, their Content-Transfer-Encoding made "binary", the
// rest byte for byte; the re-based tree gives the sizes and lines of the converted data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryEntity, rewriteTransferEncoding } from '../../src/mime/binary-convert.js';
import { findPart } from '../../src/mime/find-part.js';
import { analyzeMessage, formatBodyStructure } from '../../src/mime/index.js';

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');

const MSG = crlf(`From: a@example.test
Content-Type: multipart/mixed; boundary="b"

pre
--b
Content-Type: text/plain
Content-Transfer-Encoding: quoted-printable

caf=C3=A9 =
ok
--b
Content-Type: message/rfc822

Subject: inner
Content-Type: application/octet-stream
Content-transfer-encoding:
 BASE64

AAEC/w==
--b
Content-Type: text/plain

plain stays
--b--
post
`);

test('a multipart with a QP leaf and an encapsulated base64 message', () => {
  const root = analyzeMessage(MSG).structure;
  const { data, part } = binaryEntity(MSG, 0, root, true);
  const expected = Buffer.concat([
    crlf(`From: a@example.test
Content-Type: multipart/mixed; boundary="b"

pre
--b
Content-Type: text/plain
Content-Transfer-Encoding: binary

`),
    Buffer.from('café ok', 'utf8'),
    crlf(`
--b
Content-Type: message/rfc822

Subject: inner
Content-Type: application/octet-stream
Content-transfer-encoding: binary

`),
    Buffer.from([0, 1, 2, 0xff]),
    crlf(`
--b
Content-Type: text/plain

plain stays
--b--
post
`),
  ]);
  assert.equal(data.toString('latin1'), expected.toString('latin1'));
  // The re-based tree points into the converted bytes.
  const qp = findPart(part, [1])!;
  assert.equal(data.subarray(qp.bodyStart, qp.bodyEnd).toString('utf8'), 'café ok');
  assert.equal(qp.lines, 0);
  const inner = findPart(part, [2, 1])!;
  assert.deepEqual([...data.subarray(inner.bodyStart, inner.bodyEnd)], [0, 1, 2, 0xff]);
  assert.equal(findPart(part, [3])!.bodyEnd - findPart(part, [3])!.bodyStart, 'plain stays'.length);
  assert.match(formatBodyStructure(findPart(part, [2])!, true), /"BASE64" 4 NIL/);
  // The stored tree is not changed.
  assert.notEqual(findPart(root, [1])!.bodyEnd - findPart(root, [1])!.bodyStart, 7);
});

test('a part taken alone, from a buffer starting at its body (offset base)', () => {
  const root = analyzeMessage(MSG).structure;
  const msgPart = findPart(root, [2])!;
  const buf = MSG.subarray(msgPart.bodyStart, msgPart.bodyEnd);
  const { data } = binaryEntity(buf, msgPart.bodyStart, msgPart, false);
  assert.equal(
    data.toString('latin1'),
    'Subject: inner\r\nContent-Type: application/octet-stream\r\nContent-transfer-encoding: binary\r\n\r\n\x00\x01\x02\xff',
  );
});

test('rewriteTransferEncoding keeps the other fields, handles a missing field', () => {
  const h = crlf('A: 1\nContent-Transfer-Encoding: base64\nB: 2\n\n');
  assert.equal(
    rewriteTransferEncoding(h).toString(),
    'A: 1\r\nContent-Transfer-Encoding: binary\r\nB: 2\r\n\r\n',
  );
  const none = crlf('A: 1\n\n');
  assert.equal(rewriteTransferEncoding(none), none);
});
