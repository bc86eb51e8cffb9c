import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  emptyPart,
  encodeWordUtf8,
  formatBodyStructure,
  formatEnvelope,
  imapNString,
  imapString,
} from '../../src/mime/index.js';
import type { Envelope, MimePart } from '../../src/mime/types.js';

test('IMAP strings: quoting, escapes, literals, NIL, 8-bit', () => {
  const cases: [string | null, string, boolean?][] = [
    [null, 'NIL'],
    ['', '""'],
    ['plain', '"plain"'],
    ['a "quoted" \\ value', '"a \\"quoted\\" \\\\ value"'],
    ['two\r\nlines', '{10}\r\ntwo\r\nlines'],
    ['bare\rcr', '{7}\r\nbare\rcr'],
    ['café', '"=?utf-8?B?Y2Fmw6k=?="'], // 7-bit session: an encoded word
    ['café', '"café"', true], // UTF8=ACCEPT: as is
    ['café\r\n', '{7}\r\ncafé\r\n', true], // literal counts bytes, not characters
    ['nul\0byte', '"=?utf-8?B?bnVswoBieXRl?="'], // NUL becomes U+0080, as Dovecot does
  ];
  for (const [input, want, utf8] of cases)
    assert.equal(imapNString(input, { utf8: utf8 ?? false }), want, String(input));
  assert.equal(imapString('café', { literal8bit: true }), '{5}\r\ncafé');
  assert.equal(imapString('cafe', { literal8bit: true }), '"cafe"');
  const long = 'x'.repeat(2000);
  assert.equal(imapString(long), `{2000}\r\n${long}`);
  // encoded words stay within 75 characters (RFC 2047 §2) and decode back to the text
  const words = encodeWordUtf8('ü'.repeat(100)).split(' ');
  assert.ok(words.every((w) => w.length <= 75));
  const back = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
  assert.equal(back, 'ü'.repeat(100));
});

function part(over: Partial<MimePart>): MimePart {
  return { ...emptyPart(0), bodyStart: 10, bodyEnd: 30, lines: 2, ...over };
}

const env: Envelope = {
  date: 'Mon, 2 Mar 2026 10:00:00 +0000',
  subject: 'Say "hi"',
  from: [{ name: 'A', adl: null, mailbox: 'a', host: 'x' }],
  sender: [{ name: 'A', adl: null, mailbox: 'a', host: 'x' }],
  replyTo: null,
  to: [
    { name: null, adl: null, mailbox: 'team', host: null },
    { name: null, adl: '@r', mailbox: 'b', host: 'y' },
    { name: null, adl: null, mailbox: null, host: null },
  ],
  cc: null,
  bcc: [],
  inReplyTo: null,
  messageId: '<id@x>',
};

test('ENVELOPE syntax (RFC 9051 §7.5.2)', () => {
  assert.equal(
    formatEnvelope(env),
    '("Mon, 2 Mar 2026 10:00:00 +0000" "Say \\"hi\\"" (("A" NIL "a" "x")) (("A" NIL "a" "x")) NIL ' +
      '((NIL NIL "team" NIL)(NIL "@r" "b" "y")(NIL NIL NIL NIL)) NIL NIL NIL "<id@x>")',
  );
});

test('BODY and BODYSTRUCTURE syntax (RFC 9051 §7.5.2, body-type-1part / body-type-mpart)', () => {
  const text = part({
    id: '<c@x>',
    description: 'desc',
    md5: 'abc=',
    disposition: { value: 'inline', params: [['filename', 'a.txt']] },
    language: ['en', 'de'],
    location: 'http://x/a',
  });
  assert.equal(
    formatBodyStructure(text, false),
    '("text" "plain" ("charset" "us-ascii") "<c@x>" "desc" "7BIT" 20 2)',
  );
  assert.equal(
    formatBodyStructure(text, true),
    '("text" "plain" ("charset" "us-ascii") "<c@x>" "desc" "7BIT" 20 2 "abc=" ("inline" ("filename" "a.txt")) ("en" "de") "http://x/a")',
  );
  const app = part({ type: 'application', subtype: 'pdf', params: [], encoding: 'BASE64', language: ['en'] });
  // basic bodies have no body-fld-lines; a single language is still a list
  assert.equal(
    formatBodyStructure(app, true),
    '("application" "pdf" NIL NIL NIL "BASE64" 20 NIL NIL ("en") NIL)',
  );
  const inner = part({ headerStart: 40, bodyStart: 50, bodyEnd: 60, lines: 1 });
  const msg = part({
    type: 'message',
    subtype: 'rfc822',
    params: [],
    bodyStart: 40,
    bodyEnd: 60,
    lines: 3,
    message: { envelope: env, part: inner },
  });
  assert.equal(
    formatBodyStructure(msg, false),
    `("message" "rfc822" NIL NIL NIL "7BIT" 20 ${formatEnvelope(env)} ("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 10 1) 3)`,
  );
  const mp = part({
    type: 'multipart',
    subtype: 'mixed',
    params: [['boundary', 'b']],
    children: [text, app],
  });
  assert.equal(
    formatBodyStructure(mp, false),
    '(("text" "plain" ("charset" "us-ascii") "<c@x>" "desc" "7BIT" 20 2)("application" "pdf" NIL NIL NIL "BASE64" 20) "mixed")',
  );
  assert.match(formatBodyStructure(mp, true), /\) "mixed" \("boundary" "b"\) NIL NIL NIL\)$/);
  // a multipart without parts still shows one (RFC 9051 requires 1*body)
  const empty = part({ type: 'multipart', subtype: 'mixed', params: [], children: [] });
  assert.equal(
    formatBodyStructure(empty, false),
    '(("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 0 0) "mixed")',
  );
  assert.equal(
    formatBodyStructure(empty, true),
    '(("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 0 0 NIL NIL NIL NIL) "mixed" NIL NIL NIL NIL)',
  );
  // 8-bit parameter values: encoded words for 7-bit sessions, raw UTF-8 with utf8
  const named = part({ type: 'image', subtype: 'png', params: [['name', 'ö.png']], encoding: 'BASE64' });
  assert.match(formatBodyStructure(named, false), /\("name" "=\?utf-8\?B\?w7YucG5n\?="\)/);
  assert.match(formatBodyStructure(named, false, { utf8: true }), /\("name" "ö\.png"\)/);
});
