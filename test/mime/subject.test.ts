import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSubject } from '../../src/mime/index.js';

test('RFC 5256 §2.1 base subject', () => {
  const cases: [string, string][] = [
    ['Hello', 'Hello'],
    ['Re: Hello', 'Hello'],
    ['RE: re: Re:Hello', 'Hello'],
    ['Fwd: Hello', 'Hello'],
    ['Fw: Hello', 'Hello'],
    ['Re[2]: Hello', 'Hello'],
    ['[list] Re: Hello', 'Hello'],
    ['Re: [list] Hello', 'Hello'],
    ['Hello (fwd)', 'Hello'],
    ['Hello (fwd) (FWD)  ', 'Hello'],
    ['[Fwd: Re: Hello]', 'Hello'],
    ['Re: [Fwd: [list] Hello (fwd)]', 'Hello'],
    ['[only a blob]', '[only a blob]'], // a blob is kept when nothing else is left
    ['  Hello\t\tworld  ', 'Hello world'],
    ['=?utf-8?Q?Re=3A_Caf=C3=A9?=', 'Café'],
    ['Re:', ''],
    ['', ''],
    ['Reply: not a prefix', 'Reply: not a prefix'],
  ];
  for (const [input, want] of cases) assert.equal(baseSubject(input), want, input);
});
