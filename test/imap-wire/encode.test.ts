import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isAtomText,
  ResponseBuilder,
  type ResponsePart,
  responseLength,
  responseToBuffer,
  stringForm,
} from '../../src/protocols/imap/wire/encode.js';
import {
  fetchItemName,
  fetchResponse,
  uidFetchResponse,
} from '../../src/protocols/imap/wire/fetch-response.js';
import {
  appendUidCode,
  continuation,
  copyUidCode,
  esearchResponse,
  flagList,
  listResponse,
  saslChallenge,
  searchResponse,
  statusResponse,
  type ThreadNode,
  tagged,
  threadResponse,
  untagged,
  untaggedStatus,
  vanished,
} from '../../src/protocols/imap/wire/responses.js';
import { cmd } from './helpers.js';

const text = (parts: ResponsePart[]) => responseToBuffer(parts).toString('utf8');
const ascii = { utf8: false };

test('status responses and continuation (never a bare "+")', () => {
  assert.equal(
    tagged('a1', 'OK', 'SELECT completed', 'READ-WRITE').toString(),
    'a1 OK [READ-WRITE] SELECT completed\r\n',
  );
  assert.equal(tagged('a1', 'NO', 'too big\r\nevil', 'TOOBIG').toString(), 'a1 NO [TOOBIG] too big evil\r\n');
  assert.equal(untaggedStatus('BYE', 'Logging out').toString(), '* BYE Logging out\r\n');
  assert.equal(continuation().toString(), '+ Ready\r\n');
  assert.equal(continuation('').toString(), '+ Ready\r\n');
  assert.equal(continuation('AGFsaWNl').toString(), '+ AGFsaWNl\r\n');
  assert.equal(saslChallenge('').toString(), '+ \r\n');
  assert.equal(saslChallenge('VXNlcm5hbWU6').toString(), '+ VXNlcm5hbWU6\r\n');
  assert.equal(untagged('3 EXISTS').toString(), '* 3 EXISTS\r\n');
  assert.equal(flagList(['\\Seen', '$Junk']), '(\\Seen $Junk)');
});

test('string encoding: atom, quoted with escapes, literal for CR/LF/NUL/8-bit/long', () => {
  const enc = (s: string | Buffer, utf8 = false, maxQuoted?: number) =>
    text(new ResponseBuilder({ utf8, maxQuoted }).string(s).done()).slice(0, -2);
  assert.equal(enc('hello'), '"hello"');
  assert.equal(enc('say "hi" \\o/'), '"say \\"hi\\" \\\\o/"');
  assert.equal(enc('a\r\nb'), '{4}\r\na\r\nb');
  const nul = responseToBuffer(new ResponseBuilder().string(Buffer.from([0x61, 0])).done());
  assert.ok(nul.equals(Buffer.from('{2}\r\na\x80\r\n', 'latin1')), 'NUL becomes 0x80 in a literal');
  assert.equal(enc('caf\u00e9'), '{5}\r\ncaf\u00e9');
  assert.equal(enc('caf\u00e9', true), '"caf\u00e9"');
  assert.equal(enc('x'.repeat(20), false, 10), `{20}\r\n${'x'.repeat(20)}`);
  assert.equal(stringForm(Buffer.from(''), ascii), 'quoted');
  assert.equal(
    text(new ResponseBuilder().astring('INBOX').sp().astring('a b').sp().astring('NIL').done()),
    'INBOX "a b" "NIL"\r\n',
  );
  assert.ok(isAtomText('[Gmail'));
  assert.ok(!isAtomText('[Gmail]'));
  assert.ok(!isAtomText('a]b'));
  assert.ok(!isAtomText(''));
});

test('nested values (ENVELOPE-like) and NIL', () => {
  const b = new ResponseBuilder().sexpr([
    'Mon, 7 Feb 1994',
    null,
    [[null, null, 'fred', 'example.com']],
    3,
    { atom: 'ATOM' },
  ]);
  assert.equal(text(b.done()), '("Mon, 7 Feb 1994" NIL ((NIL NIL "fred" "example.com")) 3 ATOM)\r\n');
});

test('FETCH response: names from requested items, literals, streams kept apart', async () => {
  const c = cmd(
    'a FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (From to)]<0.100> BINARY[1]<5.3> BINARY.SIZE[1] BODY[1.MIME] PREVIEW)',
  );
  assert.ok(c.name === 'FETCH');
  if (c.name !== 'FETCH') return;
  assert.deepEqual(c.items.map(fetchItemName), [
    'UID',
    'BODY[HEADER.FIELDS (From to)]<0>',
    'BINARY[1]<5>',
    'BINARY.SIZE[1]',
    'BODY[1.MIME]',
    'PREVIEW',
  ]);
  const quotedField = cmd('a FETCH 1 BODY[HEADER.FIELDS ("X Y" a)]');
  if (quotedField.name === 'FETCH')
    assert.equal(fetchItemName(quotedField.items[0]!), 'BODY[HEADER.FIELDS ("X Y" a)]');
  const big = Buffer.alloc(1000, 0x62);
  const parts = fetchResponse(
    12,
    [
      { name: 'UID', value: { t: 'number', n: 42 } },
      { name: 'FLAGS', value: { t: 'flags', flags: ['\\Seen'] } },
      { name: 'INTERNALDATE', value: { t: 'date', time: Date.UTC(2020, 0, 2, 3, 4, 5), offsetMinutes: 0 } },
      { name: 'MODSEQ', value: { t: 'modseq', n: 7 } },
      { name: 'EMAILID', value: { t: 'objectid', id: 'M1' } },
      { name: 'THREADID', value: { t: 'objectid', id: null } },
      { name: 'SAVEDATE', value: { t: 'date', time: null } },
      { name: 'PREVIEW', value: { t: 'nstring', s: 'Hi there' } },
      { name: 'BINARY[1]', value: { t: 'body', data: Buffer.from('a\0b'), binary: true } },
      { name: 'BODY[TEXT]', value: { t: 'body', data: Buffer.from('hi') } },
      {
        name: 'BODY[]',
        value: {
          t: 'body-stream',
          length: big.length,
          source: async function* () {
            yield big;
          },
        },
      },
      { name: 'RFC822.SIZE', value: { t: 'number', n: 1000 } },
    ],
    ascii,
  );
  assert.equal(parts.length, 3);
  const [head, stream, tail] = parts;
  assert.ok(Buffer.isBuffer(head) && !Buffer.isBuffer(stream) && Buffer.isBuffer(tail));
  assert.equal(
    head.toString('latin1'),
    '* 12 FETCH (UID 42 FLAGS (\\Seen) INTERNALDATE " 2-Jan-2020 03:04:05 +0000" MODSEQ (7) EMAILID (M1) ' +
      'THREADID NIL SAVEDATE NIL PREVIEW "Hi there" BINARY[1] ~{3}\r\na\0b BODY[TEXT] {2}\r\nhi BODY[] {1000}\r\n',
  );
  if (stream && !Buffer.isBuffer(stream)) {
    assert.equal(stream.length, 1000);
    const got: Uint8Array[] = [];
    for await (const c2 of stream.source()) got.push(c2);
    assert.ok(Buffer.concat(got).equals(big));
  }
  assert.equal(tail.toString(), ' RFC822.SIZE 1000)\r\n');
  assert.equal(responseLength(parts), head.length + 1000 + tail.length);
  assert.equal(
    text(uidFetchResponse(9, [{ name: 'FLAGS', value: { t: 'flags', flags: [] } }], ascii)),
    '* 9 UIDFETCH (FLAGS ())\r\n',
  );
});

test('UIDPLUS codes keep source/destination correspondence', () => {
  assert.equal(appendUidCode(38505, [3955]), 'APPENDUID 38505 3955');
  assert.equal(appendUidCode(38505, [10, 11, 12, 14]), 'APPENDUID 38505 10:12,14');
  assert.equal(
    copyUidCode(38505, [304, 319, 320], [3956, 3957, 3958]),
    'COPYUID 38505 304,319:320 3956:3958',
  );
});

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

test('LIST, LSUB and STATUS responses encode names for the client', () => {
  assert.equal(
    text(
      listResponse(
        {
          command: 'LIST',
          attributes: ['\\HasNoChildren', '\\Trash'],
          delimiter: '/',
          name: 'Gel\u00f6scht',
        },
        ascii,
      ),
    ),
    '* LIST (\\HasNoChildren \\Trash) "/" Gel&APY-scht\r\n',
  );
  assert.equal(
    text(
      listResponse(
        { command: 'LIST', attributes: [], delimiter: '/', name: 'Gel\u00f6scht' },
        { utf8: true },
      ),
    ),
    '* LIST () "/" "Gel\u00f6scht"\r\n',
  );
  assert.equal(
    text(
      listResponse(
        {
          command: 'LIST',
          attributes: ['\\Subscribed'],
          delimiter: '/',
          name: 'Foo',
          childInfo: ['SUBSCRIBED'],
        },
        ascii,
      ),
    ),
    '* LIST (\\Subscribed) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))\r\n',
  );
  assert.equal(
    text(
      listResponse(
        { command: 'LIST', attributes: [], delimiter: '/', name: 'New', oldName: 'Old Name' },
        ascii,
      ),
    ),
    '* LIST () "/" New ("OLDNAME" ("Old Name"))\r\n',
  );
  assert.equal(
    text(
      listResponse({ command: 'LSUB', attributes: ['\\Noselect'], delimiter: null, name: 'My Box' }, ascii),
    ),
    '* LSUB (\\Noselect) NIL "My Box"\r\n',
  );
  assert.equal(
    text(
      statusResponse(
        'INBOX',
        [
          ['MESSAGES', 231],
          ['UIDNEXT', 44292],
          ['MAILBOXID', 'F2212ea87'],
        ],
        ascii,
      ),
    ),
    '* STATUS INBOX (MESSAGES 231 UIDNEXT 44292 MAILBOXID (F2212ea87))\r\n',
  );
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
