import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Envelope, MimePart } from '../../src/mime/types.js';
import {
  bodyStructureSExpr,
  envelopeSExpr,
  type WireEnvelope,
  type WirePart,
} from '../../src/protocols/imap/wire/body-structure.js';
import { ResponseBuilder, responseToBuffer, type SExpr } from '../../src/protocols/imap/wire/encode.js';

const render = (v: SExpr, utf8 = false) =>
  responseToBuffer(new ResponseBuilder({ utf8 }).sexpr(v).done()).toString().slice(0, -2);

function part(over: Partial<MimePart>): MimePart {
  return {
    headerStart: 0,
    bodyStart: 0,
    bodyEnd: 0,
    type: 'text',
    subtype: 'plain',
    params: [],
    id: null,
    description: null,
    encoding: '7BIT',
    md5: null,
    disposition: null,
    language: null,
    location: null,
    lines: 0,
    ...over,
  };
}

const env: Envelope = {
  date: 'Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
  subject: 'IMAP4rev2 WG mtg summary and minutes',
  from: [{ name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'cac.washington.edu' }],
  sender: null,
  replyTo: null,
  to: [{ name: null, adl: null, mailbox: 'imap', host: 'cac.washington.edu' }],
  cc: [
    { name: null, adl: null, mailbox: 'minutes', host: 'CNRI.Reston.VA.US' },
    { name: 'John Klensin', adl: null, mailbox: 'KLENSIN', host: 'MIT.EDU' },
  ],
  bcc: null,
  inReplyTo: null,
  messageId: '<B27397-0100000@cac.washington.edu>',
};

test('ENVELOPE (RFC 9051 §7.5.2 example), Sender/Reply-To default to From', () => {
  const wire: WireEnvelope = env; // src/mime's Envelope fits structurally
  assert.equal(
    render(envelopeSExpr(wire)),
    '("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev2 WG mtg summary and minutes" ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
      '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
      '"<B27397-0100000@cac.washington.edu>")',
  );
});

test('BODY and BODYSTRUCTURE of a multipart (RFC 9051 example shape)', () => {
  const root: WirePart = part({
    type: 'multipart',
    subtype: 'mixed',
    params: [['boundary', 'xyz']],
    children: [
      part({ params: [['charset', 'US-ASCII']], bodyStart: 100, bodyEnd: 1252, lines: 23 }),
      part({
        params: [
          ['charset', 'US-ASCII'],
          ['name', 'cc.diff'],
        ],
        id: '<960723163407.20117h@cac.washington.edu>',
        description: 'Compiler diff',
        encoding: 'BASE64',
        bodyStart: 2000,
        bodyEnd: 6554,
        lines: 73,
      }),
    ],
  });
  assert.equal(
    render(bodyStructureSExpr(root, false)),
    '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" ' +
      '"cc.diff") "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73) "MIXED")',
  );
  assert.equal(
    render(bodyStructureSExpr(root, true)),
    '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23 NIL NIL NIL NIL)("TEXT" "PLAIN" ("CHARSET" ' +
      '"US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73 ' +
      'NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "xyz") NIL NIL NIL)',
  );
});

test('BODYSTRUCTURE: attachment with disposition and language, message/rfc822 inside', () => {
  const inner = part({ bodyStart: 0, bodyEnd: 5, lines: 1 });
  const p = part({
    type: 'message',
    subtype: 'rfc822',
    bodyStart: 10,
    bodyEnd: 110,
    lines: 4,
    disposition: { value: 'attachment', params: [['filename', 'm.eml']] },
    language: ['en', 'de'],
    location: 'http://x/y',
    message: { envelope: { ...env, from: null, cc: null, to: null }, part: inner },
  });
  assert.equal(
    render(bodyStructureSExpr(p, true)),
    '("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 100 ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" ' +
      '"IMAP4rev2 WG mtg summary and minutes" NIL NIL NIL NIL NIL NIL NIL "<B27397-0100000@cac.washington.edu>") ' +
      '("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 1 NIL NIL NIL NIL) 4 NIL ("ATTACHMENT" ("FILENAME" "m.eml")) ("en" "de") "http://x/y")',
  );
  const img = part({ type: 'image', subtype: 'png', encoding: 'base64', bodyStart: 0, bodyEnd: 30 });
  assert.equal(render(bodyStructureSExpr(img, false)), '("IMAGE" "PNG" NIL NIL NIL "BASE64" 30)');
});

test('8-bit header text becomes a literal unless UTF8=ACCEPT', () => {
  const e = { ...env, subject: 'Gr\u00fc\u00dfe' };
  assert.match(render(envelopeSExpr(e)), /\{7\}\r\nGr\u00fc\u00dfe/);
  assert.match(render(envelopeSExpr(e), true), /"Gr\u00fc\u00dfe"/);
});
