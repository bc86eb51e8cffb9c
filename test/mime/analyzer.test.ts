import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage, createAnalyzer, findPart, formatBodyStructure } from '../../src/mime/index.js';
import { analyzeInChunks, plain, toCrlf } from './helpers.js';

const msg = (s: string) => toCrlf(Buffer.from(s, 'utf8'));

function nested(depth: number): Buffer {
  let s = 'Subject: deep\n';
  for (let i = 0; i < depth; i++) s += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
  s += 'Content-Type: text/plain\n\nleaf\n';
  for (let i = depth - 1; i >= 0; i--) s += `--b${i}--\n`;
  return msg(s);
}

test('maxDepth: deeper multiparts are opaque but offsets stay exact', () => {
  const src = nested(10);
  const full = analyzeMessage(src);
  assert.equal(findPart(full.structure, Array(10).fill(1))?.type, 'text');
  const capped = analyzeMessage(src, { maxDepth: 3 });
  const opaque = findPart(capped.structure, [1, 1, 1]);
  assert.equal(opaque?.type, 'multipart');
  assert.deepEqual(opaque?.children, []);
  assert.equal(capped.structure.bodyEnd, full.structure.bodyEnd);
  assert.match(formatBodyStructure(capped.structure, false), /^\(\(\(\(\("text" "plain"/);
});

test('maxParts: parsing stops recording parts past the limit', () => {
  let s = 'Content-Type: multipart/mixed; boundary=w\n\n';
  for (let i = 0; i < 50; i++) s += `--w\nContent-Type: text/plain\n\npart ${i}\n`;
  s += '--w--\n';
  const r = analyzeMessage(msg(s), { maxParts: 10 });
  assert.equal(r.structure.children?.length, 9); // the root counts as one
  assert.equal(analyzeMessage(msg(s)).structure.children?.length, 50);
});

test('maxIndexedText bounds the text kept for search', () => {
  const src = msg(`Subject: big\n\n${'word '.repeat(10_000)}\n`);
  const r = analyzeMessage(src, { maxIndexedText: 100 });
  assert.equal(r.index.bodyText.length, 100);
  assert.equal(r.index.preview.length <= 200, true);
  assert.equal(analyzeMessage(src).index.bodyText.length, 50_002);
});

test('index fields: HTML converted, alternatives not doubled, attachments noticed', () => {
  const src = msg(
    [
      'From: =?utf-8?Q?Ren=C3=A9?= <rene@example.com>',
      'To: "Team" <team@example.com>, other@example.com',
      'Subject: =?utf-8?B?UmU6IEhlbGxv?=',
      'Message-ID: <m1@x>',
      'References: <r1@x> <r2@x>',
      'In-Reply-To: <r2@x> (comment)',
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>Caf=E9 <b>bold</b></p><script>ignored()</script>',
      '--m',
      'Content-Type: application/octet-stream; name="x.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      'AAAA',
      '--m--',
      '',
    ].join('\n'),
  );
  const r = analyzeMessage(src).index;
  assert.equal(r.subject, 'Re: Hello');
  assert.equal(r.fromDisplay, 'René');
  assert.equal(r.from, 'rene'); // RFC 5256 §3: the addr-mailbox
  assert.equal(r.fromText, 'René <rene@example.com>');
  assert.equal(r.toText, 'Team <team@example.com>, <other@example.com>');
  assert.equal(r.toDisplay, 'Team');
  assert.equal(r.messageId, 'm1@x');
  assert.equal(r.inReplyTo, 'r2@x');
  assert.deepEqual(r.references, ['r1@x', 'r2@x']);
  assert.match(r.bodyText, /Café bold/);
  assert.doesNotMatch(r.bodyText, /<p>|ignored/);
  assert.equal(r.preview, 'Café bold');
  assert.equal(r.hasAttachment, true);
  assert.match(r.headerText, /^From: René <rene@example.com>\nTo:/);
});

test('long lines: a 100 KB body line and a 100 KB header line', () => {
  const longBody = 'x'.repeat(100_000);
  const longHeader = `X-Long: ${'h'.repeat(100_000)}`;
  const src = msg(
    `${longHeader}\nContent-Type: multipart/mixed; boundary=L\n\n--L\nContent-Type: text/plain\n\n${longBody}\n--L--\n`,
  );
  const r = analyzeInChunks(src, () => 4096);
  const p = findPart(r.structure, [1]);
  assert.ok(p);
  assert.equal(p.bodyEnd - p.bodyStart, 100_000);
  assert.equal(r.index.headerText.length > 100_000, true);
  assert.deepEqual(plain(r), plain(analyzeMessage(src)));
  // a huge line that starts like a boundary but is not one
  const dashes = msg(`Content-Type: multipart/mixed; boundary=L\n\n--L\n\n--${'L'.repeat(70_000)}\n--L--\n`);
  assert.equal(analyzeInChunks(dashes, () => 1000).structure.children?.length, 1);
});

test('bare LF and a message without any line break', () => {
  const lf = Buffer.from('Subject: lf\n\nline one\nline two\n');
  const r = analyzeMessage(lf);
  assert.equal(r.structure.bodyStart, 13);
  assert.equal(r.structure.lines, 2);
  const none = analyzeMessage(Buffer.from('just text without a colon'));
  assert.equal(none.structure.bodyStart, none.size);
  assert.equal(analyzeMessage(Buffer.alloc(0)).size, 0);
});

test('a boundary line as the last bytes, without its line break', () => {
  const src = Buffer.from('Content-Type: multipart/mixed; boundary=e\r\n\r\n--e\r\n\r\nbody\r\n--e--');
  const r = analyzeMessage(src);
  assert.equal(r.structure.children?.length, 1);
  const p = findPart(r.structure, [1]);
  assert.equal(src.subarray(p?.bodyStart, p?.bodyEnd).toString(), 'body');
});

test('write after end is an error, not a crash later', () => {
  const a = createAnalyzer();
  a.write(Buffer.from('Subject: x\r\n\r\nbody'));
  a.end();
  assert.throws(() => a.write(Buffer.from('more')), /after end/);
  assert.throws(() => a.end(), /twice/);
});

test('preview: whitespace collapsed, at most 200 characters, never half a character', () => {
  const src = msg(`Subject: p\n\n${' \n'.repeat(5000)}${'😀 word\t\n'.repeat(100)}\n`);
  const { preview } = analyzeMessage(src).index;
  assert.ok(preview.startsWith('😀 word 😀 word'));
  assert.ok(Array.from(preview).length <= 200);
  assert.ok(!/[\uD800-\uDBFF]$/.test(preview));
});

test('an attached message past maxDepth still formats as body-type-msg', () => {
  const src = msg(
    'Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\nSubject: inner\n\nbody\n--o--\n',
  );
  const r = analyzeMessage(src, { maxDepth: 1 });
  const att = findPart(r.structure, [1]);
  assert.equal(att?.message, undefined);
  assert.equal(
    formatBodyStructure(r.structure, false),
    '(("message" "rfc822" NIL NIL NIL "7BIT" 22 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ' +
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 0 0) 2) "mixed")',
  );
});
