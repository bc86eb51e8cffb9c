import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeTransfer,
  decodeTransferBuffer,
  isKnownEncoding,
  normalizeEncoding,
} from '../../src/mime/index.js';

const b = (s: string) => Buffer.from(s, 'latin1');

test('base64: clean, unpadded, garbage, concatenated blocks', () => {
  const cases: [string, string][] = [
    ['SGVsbG8gd29ybGQ=', 'Hello world'],
    ['SGVsbG8gd29ybGQ', 'Hello world'], // padding missing
    ['SGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n', 'Hello world'],
    ['SGV*sbG8g!d29y bGQ=', 'Hello world'], // garbage bytes skipped
    ['QQ==QkI=', 'ABB'], // two padded blocks
    ['', ''],
    ['=', ''],
    ['QUJD', 'ABC'],
  ];
  for (const [input, out] of cases)
    assert.equal(decodeTransferBuffer(b(input), 'base64').toString('latin1'), out, input);
});

test('quoted-printable: escapes, soft breaks, trailing whitespace, malformed', () => {
  const cases: [string, string][] = [
    ['caf=C3=A9', 'caf\xc3\xa9'],
    ['caf=c3=a9', 'caf\xc3\xa9'], // lower-case hex is tolerated
    ['soft =\r\nbreak', 'soft break'],
    ['soft =  \r\nbreak', 'soft break'], // whitespace after "=" (RFC 2045 §6.7 rule 3)
    ['bare-lf =\nbreak', 'bare-lf break'],
    ['trailing   \r\nnext', 'trailing\r\nnext'], // transport-added whitespace removed
    ['a = b', 'a = b'], // "=" not followed by hex: kept
    ['=ZZ=4', '=ZZ=4'],
    ['end=', 'end'],
    ['tab\there', 'tab\there'],
    ['x=3D=0D=0A', 'x=\r\n'],
  ];
  for (const [input, out] of cases) {
    assert.equal(
      decodeTransferBuffer(b(input), 'quoted-printable').toString('latin1'),
      out,
      JSON.stringify(input),
    );
  }
});

test('streaming decoders give the same bytes for every split point', () => {
  const samples: [string, string][] = [
    ['base64', 'SGVsbG8g\r\nd29ybGQh\r\nIQ==\r\n'],
    ['quoted-printable', 'caf=C3=A9 =  \r\nsoft  \r\n=3D end=\r\n= x =4'],
    ['7bit', 'plain text\r\n'],
  ];
  for (const [enc, input] of samples) {
    const whole = decodeTransferBuffer(b(input), enc);
    for (let cut = 0; cut <= input.length; cut++) {
      for (let cut2 = cut; cut2 <= input.length; cut2 += 3) {
        const d = decodeTransfer(enc);
        const out = Buffer.concat([
          d.write(b(input.slice(0, cut))),
          d.write(b(input.slice(cut, cut2))),
          d.write(b(input.slice(cut2))),
          d.end(),
        ]);
        assert.deepEqual(out, whole, `${enc} split at ${cut}/${cut2}`);
      }
    }
  }
});

test('encoding names', () => {
  assert.equal(normalizeEncoding(' Base64 '), 'BASE64');
  assert.equal(normalizeEncoding(''), '7BIT');
  assert.equal(normalizeEncoding(null), '7BIT');
  assert.ok(isKnownEncoding('quoted-printable'));
  assert.ok(!isKnownEncoding('x-uuencode'));
  assert.equal(decodeTransferBuffer(b('as is'), 'x-unknown').toString(), 'as is');
});
