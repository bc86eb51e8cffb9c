import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage, findPart, formatBodyStructure, formatEnvelope } from '../../src/mime/index.js';

const msg = Buffer.from(
  [
    'From: "Joe Q. Public" <john.q.public@example.com>',
    'Subject: =?utf-8?Q?Caf=C3=A9?= test',
    'Content-Type: multipart/mixed; boundary="XX"',
    '',
    'preamble',
    '--XX',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello there',
    '--XX',
    'Content-Type: message/rfc822',
    '',
    'Subject: inner',
    '',
    'inner body',
    '--XX--',
    '',
  ].join('\r\n'),
);

test('analyzer: a multipart with an attached message', () => {
  const r = analyzeMessage(msg);
  assert.equal(r.size, msg.length);
  const slice = (path: number[]) => {
    const p = findPart(r.structure, path);
    assert.ok(p, `part ${path.join('.')}`);
    return [
      msg.subarray(p.headerStart, p.bodyStart).toString(),
      msg.subarray(p.bodyStart, p.bodyEnd).toString(),
    ];
  };
  assert.deepEqual(slice([1]), ['Content-Type: text/plain; charset=utf-8\r\n\r\n', 'Hello there']);
  assert.deepEqual(slice([2, 1]), ['Subject: inner\r\n\r\n', 'inner body']);
  assert.equal(
    formatBodyStructure(r.structure, false),
    '(("text" "plain" ("charset" "utf-8") NIL NIL "7BIT" 11 0)("message" "rfc822" NIL NIL NIL "7BIT" 28 ' +
      '(NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 10 0) 2) "mixed")',
  );
  assert.match(
    formatEnvelope(r.envelope),
    /^\(NIL "=\?utf-8\?Q\?Caf=C3=A9\?= test" \(\("Joe Q\. Public" NIL/,
  );
  assert.equal(r.index.subject, 'Café test');
  assert.equal(r.index.bodyText, 'Hello there\ninner body');
});
