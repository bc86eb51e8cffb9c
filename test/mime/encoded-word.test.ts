import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWords } from '../../src/mime/index.js';

test('RFC 2047 encoded words', () => {
  const cases: [string, string][] = [
    ['plain text', 'plain text'],
    ['=?ISO-8859-1?Q?a?=', 'a'], // RFC 2047 §8 examples
    ['=?ISO-8859-1?Q?a?= b', 'a b'],
    ['=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=', 'ab'],
    ['=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=', 'ab'],
    ['=?ISO-8859-1?Q?a?=\r\n  =?ISO-8859-1?Q?b?=', 'ab'],
    ['=?ISO-8859-1?Q?a_b?=', 'a b'],
    ['=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=', 'a b'],
    ['=?UTF-8?B?Y2Fmw6k=?=', 'café'],
    ['=?utf-8?b?Y2Fmw6k?=', 'café'], // no padding
    ['=?utf-8?Q?=E2=9C?= =?utf-8?Q?=94?=', '✔'], // a character split across words
    ['=?utf-8?B?4pw=?= =?utf-8?B?lA==?=', '✔'],
    ['x =?utf-8?Q?caf=C3=A9?= y', 'x café y'],
    ['=?utf-8*en?Q?lang?=', 'lang'], // RFC 2231 §5 language
    ['=?x-unknown?Q?caf=C3=A9?=', 'café'], // unknown charset: fallback
    ['=?utf-8?X?bad?=', '=?utf-8?X?bad?='], // unknown encoding: left as is
    ['=?utf-8?B?not base64!?=', '=?utf-8?B?not base64!?='], // broken word: left as is
    ['=?utf-8?Q?unterminated', '=?utf-8?Q?unterminated'],
    ['"=?utf-8?Q?quoted?="', '"quoted"'],
  ];
  for (const [input, want] of cases) assert.equal(decodeWords(input), want, input);
});
