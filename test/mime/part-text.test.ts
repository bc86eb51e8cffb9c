import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage, decodePartText, findPart, partFilename } from '../../src/mime/index.js';
import { readFixture, toCrlf } from './helpers.js';

test('partFilename: disposition first, RFC 2231 and RFC 2047 decoded, paths removed', () => {
  const r = analyzeMessage(readFixture('rfc2231-filenames.eml'));
  assert.equal(partFilename(findPart(r.structure, [1])!), 'été.pdf');
  assert.equal(partFilename(findPart(r.structure, [2])!), 'plain.txt');
  const src = toCrlf(
    Buffer.from(
      [
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: image/png; name="=?utf-8?Q?Gr=C3=BC=C3=9Fe?=.png"',
        '',
        'x',
        '--b',
        'Content-Disposition: attachment; filename="C:\\\\Users\\\\me\\\\evil.exe"',
        '',
        'x',
        '--b',
        'Content-Type: text/plain',
        '',
        'x',
        '--b--',
      ].join('\n'),
    ),
  );
  const m = analyzeMessage(src);
  assert.equal(partFilename(findPart(m.structure, [1])!), 'Grüße.png');
  assert.equal(partFilename(findPart(m.structure, [2])!), 'evil.exe');
  assert.equal(partFilename(findPart(m.structure, [3])!), null);
});

test('decodePartText: transfer encoding, charset, HTML', () => {
  const src = readFixture('html-alternative.eml');
  const r = analyzeMessage(src);
  const html = findPart(r.structure, [2])!;
  const body = src.subarray(html.bodyStart, html.bodyEnd);
  assert.equal(decodePartText(html, body), '<html><body><h1>Weekly</h1><p>news, html.</p></body></html>');
  assert.match(decodePartText(html, body, true), /WEEKLY\s+news, html\./);
  const unknown = readFixture('unknown-charset.eml');
  const u = analyzeMessage(unknown).structure;
  assert.equal(decodePartText(u, unknown.subarray(u.bodyStart, u.bodyEnd)), 'naïve café soft break\r\n');
});
