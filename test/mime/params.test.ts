import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paramValue, parseStructuredValue } from '../../src/mime/index.js';

test('Content-Type and Content-Disposition values with parameters', () => {
  const cases: [string, string, [string, string][]][] = [
    ['text/plain', 'text/plain', []],
    ['Text/HTML; Charset="UTF-8"', 'text/html', [['charset', 'UTF-8']]],
    ['text/plain (a comment); charset=us-ascii (another)', 'text/plain', [['charset', 'us-ascii']]],
    ['multipart/mixed; boundary="a;b=c"', 'multipart/mixed', [['boundary', 'a;b=c']]],
    ['text/plain; x="a \\"quoted\\" \\\\ value"', 'text/plain', [['x', 'a "quoted" \\ value']]],
    ['attachment; filename=unquoted name.txt', 'attachment', [['filename', 'unquoted name.txt']]],
    [
      'message/external-body; access-type=mail-server   server="x@y"',
      'message/external-body',
      [
        ['access-type', 'mail-server'],
        ['server', 'x@y'],
      ],
    ],
    ['text/plain; ; charset=utf-8;', 'text/plain', [['charset', 'utf-8']]],
    ['text/plain; novalue; a=1', 'text/plain', [['a', '1']]],
    ['text/plain; a=1; a=2', 'text/plain', [['a', '1']]],
    // RFC 2231 §3 continuations, §4 charset and language, out-of-order pieces
    ["attachment; filename*=utf-8''%E2%82%AC%20rates.txt", 'attachment', [['filename', '€ rates.txt']]],
    ["attachment; filename*=iso-8859-1'de'%E9t%E9.pdf", 'attachment', [['filename', 'été.pdf']]],
    ['text/plain; name*1="second"; name*0="first-"', 'text/plain', [['name', 'first-second']]],
    [
      'application/pdf; name*0*=utf-8\'\'Gr%C3%BC%C3%9Fe; name*1=" aus"; name*2*=%20K%C3%B6ln',
      'application/pdf',
      [['name', 'Grüße aus Köln']],
    ],
    ["a/b; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A", 'a/b', [['title', 'This is ***fun***']]],
    ["a/b; name=plain; name*=utf-8''encoded", 'a/b', [['name', 'encoded']]], // the RFC 2231 form wins
    ["a/b; name*=bogus''%ZZ%41", 'a/b', [['name', '%ZZA']]], // bad escapes kept, unknown charset tolerated
    ['', '', []],
  ];
  for (const [input, value, params] of cases) {
    assert.deepEqual(parseStructuredValue(input), { value, params }, input);
  }
  assert.equal(paramValue([['a', '1']], 'a'), '1');
  assert.equal(paramValue([['a', '1']], 'b'), null);
});
