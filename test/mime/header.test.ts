import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerValue, headerValues, parseHeaderBlock, selectHeaderFields } from '../../src/mime/index.js';

const block = Buffer.from(
  [
    'From: a@example.com',
    'Subject: folded',
    '  over two lines',
    'no colon on this line',
    'X-Empty:',
    'Subject : second',
    'To:\tb@example.com',
    '8bit: Gr\u00fc\u00dfe',
    '',
    'Body: not a header',
  ].join('\r\n'),
);

test('parseHeaderBlock: ordered fields, unfolded, lines without colon skipped', () => {
  const fields = parseHeaderBlock(block);
  assert.deepEqual(fields, [
    { name: 'From', value: 'a@example.com' },
    { name: 'Subject', value: 'folded  over two lines' },
    { name: 'X-Empty', value: '' },
    { name: 'Subject', value: 'second' },
    { name: 'To', value: 'b@example.com' },
    { name: '8bit', value: 'Grüße' },
  ]);
  assert.equal(headerValue(fields, 'subject'), 'folded  over two lines');
  assert.deepEqual(headerValues(fields, 'SUBJECT'), ['folded  over two lines', 'second']);
  assert.equal(headerValue(fields, 'cc'), null);
  assert.deepEqual(parseHeaderBlock(Buffer.from('')), []);
  assert.deepEqual(parseHeaderBlock(Buffer.from('Bare: lf\nNext: x\n')), [
    { name: 'Bare', value: 'lf' },
    { name: 'Next', value: 'x' },
  ]);
});

test('selectHeaderFields: original lines, in order, then the blank line (RFC 9051 §6.4.5)', () => {
  const cases: [string[], boolean, string][] = [
    [['subject'], false, 'Subject: folded\r\n  over two lines\r\nSubject : second\r\n\r\n'],
    [['FROM', 'to'], false, 'From: a@example.com\r\nTo:\tb@example.com\r\n\r\n'],
    [['nothing'], false, '\r\n'],
    [['subject', 'from'], true, 'X-Empty:\r\nTo:\tb@example.com\r\n8bit: Gr\u00fc\u00dfe\r\n\r\n'],
  ];
  for (const [names, not, want] of cases) {
    assert.equal(selectHeaderFields(block, names, not).toString(), want, `${names} ${not}`);
  }
  // a last line without its line break still ends with CRLF
  assert.equal(selectHeaderFields(Buffer.from('A: 1\r\nB: 2'), ['b'], false).toString(), 'B: 2\r\n\r\n');
});
