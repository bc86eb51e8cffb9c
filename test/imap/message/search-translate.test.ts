// SEARCH program -> store key, and the PARTIAL/paging helpers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partialList, partialOf, slicePositions } from '../../../src/protocols/imap/message/paging.js';
import { translateSearch, usesModseq } from '../../../src/protocols/imap/message/search-translate.js';
import { Reader } from '../../../src/protocols/imap/wire/reader.js';
import { readSearchProgram } from '../../../src/protocols/imap/wire/search.js';
import { SeqMap } from '../../../src/protocols/imap/wire/seqmap.js';

function program(text: string) {
  return readSearchProgram(new Reader([{ kind: 'text', data: Buffer.from(text) }]));
}
const view = { seq: SeqMap.fromUids(Uint32Array.from([3, 5, 6, 7, 10])), savedResult: [5, 10] };

test('sequence numbers become the UIDs of the view; UID sets stay ranges; $ is the saved result', () => {
  assert.deepEqual(translateSearch(view, program('2:4')), {
    k: 'uid',
    ranges: [{ start: 5, end: 7 }],
  });
  assert.deepEqual(translateSearch(view, program('UID 4:*')), { k: 'uid', ranges: [{ start: 4, end: 10 }] });
  assert.deepEqual(translateSearch(view, program('$')), {
    k: 'uid',
    ranges: [
      { start: 5, end: 5 },
      { start: 10, end: 10 },
    ],
  });
});

test('flags, dates, sizes, headers, text, OR/NOT, modseq, object ids, WITHIN', () => {
  const k = translateSearch(
    view,
    program(
      'UNSEEN KEYWORD $Work SINCE 1-Feb-2026 SENTBEFORE 3-Mar-2026 LARGER 100 FROM "bob" OR SUBJECT x BODY y NOT TEXT z MODSEQ 7 EMAILID abc OLDER 60',
    ),
  );
  assert.deepEqual(k, {
    k: 'and',
    keys: [
      { k: 'flag', flag: '\\Seen', set: false },
      { k: 'flag', flag: '$Work', set: true },
      { k: 'internaldate', op: 'since', date: '2026-02-01' },
      { k: 'sentdate', op: 'before', date: '2026-03-03' },
      { k: 'size', op: 'larger', bytes: 100 },
      { k: 'address', field: 'from', value: 'bob' },
      {
        k: 'or',
        keys: [
          { k: 'header', name: 'subject', value: 'x' },
          { k: 'text', where: 'body', value: 'y' },
        ],
      },
      { k: 'not', key: { k: 'text', where: 'text', value: 'z' } },
      { k: 'modseq', min: 7 },
      { k: 'emailid', id: 'abc' },
      { k: 'age', op: 'older', seconds: 60 },
    ],
  });
  assert.equal(usesModseq(program('NOT (MODSEQ 4)')), true);
  assert.equal(usesModseq(program('ALL')), false);
  assert.deepEqual(translateSearch(view, program('RECENT')), { k: 'uid', ranges: [] });
  assert.deepEqual(translateSearch(view, program('CHARSET UTF-8 SUBJECT "Grüße"')), {
    k: 'header',
    name: 'subject',
    value: 'Grüße',
  });
  // FROM "" asks whether the header is there (as HEADER FROM "" does).
  assert.deepEqual(translateSearch(view, program('BCC ""')), { k: 'header', name: 'bcc', value: '' });
});

test('PARTIAL windows (RFC 9394) over ranges and lists', () => {
  const ranges = [
    { start: 1, end: 3 },
    { start: 10, end: 14 },
  ];
  assert.deepEqual(partialOf(ranges, { fromEnd: false, lo: 2, hi: 4 }), [
    { start: 2, end: 3 },
    { start: 10, end: 10 },
  ]);
  assert.deepEqual(partialOf(ranges, { fromEnd: true, lo: 1, hi: 2 }), [{ start: 13, end: 14 }]);
  assert.deepEqual(partialOf(ranges, { fromEnd: false, lo: 20, hi: 30 }), []);
  assert.deepEqual(slicePositions(ranges, 1, 8), ranges);
  assert.deepEqual(partialList([1, 2, 3, 4, 5], { fromEnd: true, lo: 1, hi: 2 }), [4, 5]);
  assert.deepEqual(partialList([1, 2, 3, 4, 5], { fromEnd: false, lo: 4, hi: 9 }), [4, 5]);
});
