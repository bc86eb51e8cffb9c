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
import { cmd } from './helpers.js';

const text = (parts: ResponsePart[]) => responseToBuffer(parts).toString('utf8');
const ascii = { utf8: false };

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
