import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize } from '../../src/protocols/imap/wire/tokenizer.js';
import { framesOf, plain } from './helpers.js';

test('generic tokens: atoms (with brackets), strings, literals, nested lists', () => {
  const [frame] = framesOf('a1 XCMD [Gmail]/Sent "q \\" s" (a (b NIL) {3}\r\nabc) BODY[HEADER]<0.5>\r\n');
  const r = tokenize(frame!);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(plain(r.tokens), [
    { type: 'atom', value: 'a1' },
    { type: 'atom', value: 'XCMD' },
    { type: 'atom', value: '[Gmail]/Sent' },
    { type: 'string', value: 'q " s' },
    {
      type: 'list',
      items: [
        { type: 'atom', value: 'a' },
        {
          type: 'list',
          items: [
            { type: 'atom', value: 'b' },
            { type: 'atom', value: 'NIL' },
          ],
        },
        { type: 'literal', size: 3, streamed: false },
      ],
    },
    { type: 'atom', value: 'BODY[HEADER]<0.5>' },
  ]);
  const bad = tokenize(framesOf('a1 X (unclosed\r\n')[0]!);
  assert.ok(!bad.ok);
  const deep = tokenize(framesOf(`a1 X ${'('.repeat(100)}${')'.repeat(100)}\r\n`)[0]!);
  assert.ok(!deep.ok);
});
