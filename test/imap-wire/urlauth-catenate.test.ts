// CATENATE (RFC 4469 §5) in APPEND/MULTIAPPEND/REPLACE, GENURLAUTH / RESETKEY / URLFETCH
// (RFC 4467 §9, RFC 5524 §4): parsed commands and refused malformed input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommand } from '../../src/protocols/imap/wire/commands/parse.js';
import { cmd, framesOf, parse, plain } from './helpers.js';

test('CATENATE: TEXT literals and URLs, in order, with flags and date', () => {
  const c = cmd(
    'A003 APPEND Drafts (\\Seen \\Draft $MDNSent) CATENATE (URL "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER" TEXT {42}\r\n' +
      '\r\n--------------030308070208000400050907\r\n URL "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME" URL /Drafts/;UID=20/;SECTION=1 TEXT ~{3}\r\na\0b)',
  );
  assert.deepEqual(plain(c), {
    tag: 'A003',
    name: 'APPEND',
    mailbox: 'Drafts',
    messages: [
      {
        flags: ['\\Seen', '\\Draft', '$MDNSent'],
        date: null,
        utf8: false,
        data: {
          kind: 'catenate',
          parts: [
            { kind: 'url', url: '/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER' },
            {
              kind: 'text',
              data: {
                kind: 'literal',
                data: '\r\n--------------030308070208000400050907\r\n',
                binary: false,
              },
            },
            { kind: 'url', url: '/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME' },
            { kind: 'url', url: '/Drafts/;UID=20/;SECTION=1' },
            { kind: 'text', data: { kind: 'literal', data: 'a\0b', binary: true } },
          ],
        },
      },
    ],
  });
});

test('CATENATE inside MULTIAPPEND, mixed with plain messages, and in REPLACE', () => {
  const c = cmd(
    'a APPEND box catenate (url "/box/;uid=1") (\\Answered) "14-Jul-2003 08:00:00 +0000" {2}\r\nhi catenate (text {1}\r\nx)',
  );
  assert.equal(c.name, 'APPEND');
  if (c.name !== 'APPEND') return;
  assert.deepEqual(
    c.messages.map((m) => m.data.kind),
    ['catenate', 'literal', 'catenate'],
  );
  assert.deepEqual(c.messages[1]!.flags, ['\\Answered']);
  const r = cmd('a UID REPLACE 5 INBOX CATENATE (URL ";UID=5/;SECTION=TEXT")');
  assert.ok(r.name === 'REPLACE' && r.message.data.kind === 'catenate');
});

test('a large CATENATE TEXT literal is streamed like an APPEND body', () => {
  const frames = framesOf(
    `a APPEND INBOX CATENATE (TEXT {70000+}\r\n${'x'.repeat(70000)} URL "/INBOX/;UID=1")\r\n`,
    {
      literalMinus: false,
    },
  );
  assert.equal(frames.length, 1);
  const r = parseCommand(frames[0]!);
  assert.ok(r.ok && r.command.name === 'APPEND');
  if (!r.ok || r.command.name !== 'APPEND') return;
  const d = r.command.messages[0]!.data;
  assert.ok(d.kind === 'catenate' && d.parts[0]!.kind === 'text' && d.parts[0]!.data.kind === 'streamed');
});

test('GENURLAUTH, RESETKEY, URLFETCH (plain and RFC 5524 forms)', () => {
  assert.deepEqual(
    plain(
      cmd(
        'a GENURLAUTH "imap://joe@h/INBOX/;uid=20;urlauth=anonymous" internal "imap://joe@h/x/;uid=1;urlauth=authuser" INTERNAL',
      ),
    ),
    {
      tag: 'a',
      name: 'GENURLAUTH',
      items: [
        { url: 'imap://joe@h/INBOX/;uid=20;urlauth=anonymous', mechanism: 'INTERNAL' },
        { url: 'imap://joe@h/x/;uid=1;urlauth=authuser', mechanism: 'INTERNAL' },
      ],
    },
  );
  assert.deepEqual(plain(cmd('a RESETKEY')), { tag: 'a', name: 'RESETKEY', mailbox: null, mechanisms: [] });
  assert.deepEqual(plain(cmd('a RESETKEY inbox INTERNAL')), {
    tag: 'a',
    name: 'RESETKEY',
    mailbox: 'INBOX',
    mechanisms: ['INTERNAL'],
  });
  // A bare URL holding "%" (not an atom) is taken leniently; parentheses inside balance.
  const u = cmd(
    'a URLFETCH "imap://j@h/I/;uid=1;urlauth=anonymous:internal:0123" imap://j@h/a%20b/;uid=2 (imap://j@h/x(y)/;uid=3 BINARY BODYPARTSTRUCTURE) (imap://j@h/I/;uid=4 body)',
  );
  assert.deepEqual(plain(u), {
    tag: 'a',
    name: 'URLFETCH',
    urls: [
      { url: 'imap://j@h/I/;uid=1;urlauth=anonymous:internal:0123', params: null },
      { url: 'imap://j@h/a%20b/;uid=2', params: null },
      { url: 'imap://j@h/x(y)/;uid=3', params: { bodyPartStructure: true, binary: true, body: false } },
      { url: 'imap://j@h/I/;uid=4', params: { bodyPartStructure: false, binary: false, body: true } },
    ],
  });
});

test('malformed CATENATE and URLAUTH commands are BAD (syntax)', () => {
  const bad = [
    'a APPEND INBOX CATENATE',
    'a APPEND INBOX CATENATE ()',
    'a APPEND INBOX CATENATE (URL)',
    'a APPEND INBOX CATENATE (URL "/INBOX/;UID=1"',
    'a APPEND INBOX CATENATE (TEXT "not a literal")',
    'a APPEND INBOX CATENATE (FOO "x")',
    'a APPEND INBOX CATENATE (URL "/a/;UID=1")(URL "/a/;UID=2")',
    'a APPEND INBOX CATENATE URL "/a/;UID=1"',
    `a APPEND INBOX CATENATE (${Array.from({ length: 1001 }, () => 'URL x').join(' ')})`,
    'a GENURLAUTH',
    'a GENURLAUTH "imap://h/I/;uid=1;urlauth=anonymous"',
    'a GENURLAUTH "imap://h/I/;uid=1;urlauth=anonymous" (INTERNAL)',
    'a RESETKEY ""',
    'a RESETKEY INBOX (INTERNAL)',
    'a URLFETCH',
    'a URLFETCH ()',
    'a URLFETCH (imap://h/I/;uid=1)',
    'a URLFETCH (imap://h/I/;uid=1 BINARY BODY)',
    'a URLFETCH (imap://h/I/;uid=1 FOO)',
    'a URLFETCH (imap://h/I/;uid=1 BINARY',
  ];
  for (const line of bad) {
    const r = parse(line);
    assert.equal(r.ok, false, `should refuse ${line.slice(0, 80)}`);
    if (!r.ok) assert.equal(r.code, 'syntax', line);
  }
});
