import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSubject } from '../../src/core/base-subject.js';

test('RFC 5256 base subject', () => {
  const cases: [string, string][] = [
    ['Hello', 'Hello'],
    ['Re: Hello', 'Hello'],
    ['RE: re: Fwd: Hello', 'Hello'],
    ['Re[2]: Hello', 'Hello'],
    ['[list] Re: Hello', 'Hello'],
    ['Hello (fwd)', 'Hello'],
    ['Hello (fwd) (FWD)  ', 'Hello'],
    ['[Fwd: Re: Hello]', 'Hello'],
    ['  Many   spaces\there ', 'Many spaces here'],
    ['[only-a-blob]', '[only-a-blob]'],
    ['Fw: x', 'x'],
    ['Re:', ''],
    ['Regarding this', 'Regarding this'],
  ];
  for (const [input, want] of cases) assert.equal(baseSubject(input), want, input);
});
