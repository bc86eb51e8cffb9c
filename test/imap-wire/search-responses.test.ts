import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ResponsePart, responseToBuffer } from '../../src/protocols/imap/wire/encode.js';
import {
  esearchResponse,
  searchResponse,
  type ThreadNode,
  threadResponse,
  vanished,
} from '../../src/protocols/imap/wire/search-responses.js';

const text = (parts: ResponsePart[]) => responseToBuffer(parts).toString('utf8');

test('SEARCH, ESEARCH (with PARTIAL and MODSEQ), VANISHED', () => {
  assert.equal(searchResponse([2, 3, 6]).toString(), '* SEARCH 2 3 6\r\n');
  assert.equal(searchResponse([]).toString(), '* SEARCH\r\n');
  assert.equal(searchResponse([2], 917162500).toString(), '* SEARCH 2 (MODSEQ 917162500)\r\n');
  assert.equal(searchResponse([2, 1], null, 'SORT').toString(), '* SORT 2 1\r\n');
  assert.equal(
    text(esearchResponse({ tag: 'A282', uid: true, min: 2, count: 3, all: [2, 3, 4, 10] })),
    '* ESEARCH (TAG "A282") UID MIN 2 COUNT 3 ALL 2:4,10\r\n',
  );
  assert.equal(text(esearchResponse({ tag: 'A283', uid: false })), '* ESEARCH (TAG "A283")\r\n');
  assert.equal(
    text(esearchResponse({ tag: 's', uid: true, all: [9, 3, 4, 5, 1], sorted: true })),
    '* ESEARCH (TAG "s") UID ALL 9,3:5,1\r\n',
  );
  assert.equal(
    text(
      esearchResponse({
        tag: 't',
        uid: true,
        partial: { range: { fromEnd: true, lo: 1, hi: 100 }, nums: [] },
        modseq: 5,
      }),
    ),
    '* ESEARCH (TAG "t") UID PARTIAL (-1:-100 NIL) MODSEQ 5\r\n',
  );
  assert.deepEqual(vanished([1, 2, 3, 7], true).map(String), ['* VANISHED (EARLIER) 1:3,7\r\n']);
  const many = vanished(
    Array.from({ length: 2000 }, (_, i) => i * 2 + 1),
    false,
    200,
  );
  assert.ok(many.length > 10);
  for (const line of many) assert.ok(line.length <= 200 + '* VANISHED \r\n'.length + 12);
  const back = many.flatMap((l) => l.toString().trim().slice('* VANISHED '.length).split(',').map(Number));
  assert.equal(back.length, 2000);
  assert.deepEqual(vanished([], false), []);
});

test('THREAD responses (RFC 5256 examples)', () => {
  const n = (id: number | null, ...children: ThreadNode[]): ThreadNode => ({ id, children });
  assert.equal(
    threadResponse([n(2), n(3, n(6, n(4, n(23)), n(44, n(7, n(96)))))]).toString(),
    '* THREAD (2)(3 6 (4 23)(44 7 96))\r\n',
  );
  assert.equal(threadResponse([n(166), n(167), n(168)]).toString(), '* THREAD (166)(167)(168)\r\n');
  assert.equal(threadResponse([n(null, n(3), n(5))]).toString(), '* THREAD ((3)(5))\r\n');
  assert.equal(threadResponse([]).toString(), '* THREAD\r\n');
  let chain = n(100000);
  for (let i = 99999; i >= 1; i--) chain = n(i, chain);
  assert.ok(threadResponse([chain]).toString().startsWith('* THREAD (1 2 3 '));
});
