import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImapCommand } from '../../src/protocols/imap/wire/commands/types.js';
import { responseToBuffer } from '../../src/protocols/imap/wire/encode.js';
import {
  idResponse,
  namespaceResponse,
  quotaResponse,
  quotaRootResponse,
} from '../../src/protocols/imap/wire/responses.js';
import { tokenize } from '../../src/protocols/imap/wire/tokenizer.js';
import { cmd, framesOf, plain } from './helpers.js';

test('generic tokens: atoms (with brackets), strings, literals, nested lists', () => {
  const [frame] = framesOf('a1 XCMD [Gmail]/Sent "q \\" s" (a (b NIL) {3}\r\nabc) BODY[HEADER]<0.5>\r\n');
  const r = tokenize(frame!);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(plain(r.tokens), [
    { type: 'atom', value: 'a1' },
    { type: 'atom', value: 'XCMD' },
    { type: 'atom', value: '[Gmail]/Sent' },
    { type: 'string', value: 'q " s' },
    {
      type: 'list',
      items: [
        { type: 'atom', value: 'a' },
        {
          type: 'list',
          items: [
            { type: 'atom', value: 'b' },
            { type: 'atom', value: 'NIL' },
          ],
        },
        { type: 'literal', size: 3, streamed: false },
      ],
    },
    { type: 'atom', value: 'BODY[HEADER]<0.5>' },
  ]);
  const bad = tokenize(framesOf('a1 X (unclosed\r\n')[0]!);
  assert.ok(!bad.ok);
  const deep = tokenize(framesOf(`a1 X ${'('.repeat(100)}${')'.repeat(100)}\r\n`)[0]!);
  assert.ok(!deep.ok);
});

test('ID, QUOTA, QUOTAROOT and NAMESPACE responses', () => {
  const s = (p: ReturnType<typeof idResponse>) => responseToBuffer(p).toString();
  assert.equal(
    s(
      idResponse([
        ['name', 'Postroom'],
        ['version', null],
      ]),
    ),
    '* ID ("name" "Postroom" "version" NIL)\r\n',
  );
  assert.equal(s(idResponse(null)), '* ID NIL\r\n');
  assert.equal(
    s(
      quotaResponse('', [
        { name: 'STORAGE', usage: 10, limit: 512 },
        { name: 'MESSAGE', usage: 3, limit: 1000 },
      ]),
    ),
    '* QUOTA "" (STORAGE 10 512 MESSAGE 3 1000)\r\n',
  );
  assert.equal(s(quotaRootResponse('INBOX', [''], { utf8: false })), '* QUOTAROOT INBOX ""\r\n');
  assert.equal(s(namespaceResponse([['', '/']], [], [])), '* NAMESPACE (("" "/")) NIL NIL\r\n');
  assert.equal(
    s(
      namespaceResponse(
        [['', '/']],
        [['~', '/']],
        [
          ['#shared/', '/'],
          ['#public/', null],
        ],
      ),
    ),
    '* NAMESPACE (("" "/")) (("~" "/")) (("#shared/" "/")("#public/" NIL))\r\n',
  );
});

// Compile-time check: a switch over every command name must be exhaustive. Adding a
// command to the union without handling it here fails `tsc`, as it will in the session.
function describe(c: ImapCommand): string {
  switch (c.name) {
    case 'CAPABILITY':
    case 'NOOP':
    case 'LOGOUT':
    case 'STARTTLS':
    case 'NAMESPACE':
    case 'IDLE':
    case 'CHECK':
    case 'CLOSE':
    case 'UNSELECT':
    case 'UNAUTHENTICATE':
      return c.name;
    case 'ID':
      return `ID ${c.params?.length ?? 'NIL'}`;
    case 'AUTHENTICATE':
      return `AUTHENTICATE ${c.mechanism}`;
    case 'LOGIN':
      return `LOGIN ${c.user}`;
    case 'ENABLE':
      return `ENABLE ${c.capabilities.join(' ')}`;
    case 'SELECT':
    case 'EXAMINE':
      return `${c.name} ${c.mailbox}`;
    case 'CREATE':
    case 'DELETE':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'STATUS':
    case 'GETQUOTAROOT':
    case 'APPEND':
      return `${c.name} ${c.mailbox}`;
    case 'RENAME':
      return `RENAME ${c.from} ${c.to}`;
    case 'LIST':
      return `LIST ${c.patterns.join(' ')}`;
    case 'LSUB':
      return `LSUB ${c.pattern}`;
    case 'NOTIFY':
      return `NOTIFY ${c.groups ? 'SET' : 'NONE'}`;
    case 'GETQUOTA':
    case 'SETQUOTA':
      return `${c.name} ${c.root}`;
    case 'COMPRESS':
      return `COMPRESS ${c.algorithm}`;
    case 'EXPUNGE':
    case 'SEARCH':
    case 'FETCH':
    case 'STORE':
    case 'COPY':
    case 'MOVE':
    case 'REPLACE':
    case 'SORT':
    case 'THREAD':
      return `${c.uid ? 'UID ' : ''}${c.name}`;
    default: {
      const missing: never = c;
      return missing;
    }
  }
}

test('the ImapCommand union can be switched over exhaustively', () => {
  assert.equal(describe(cmd('a UID MOVE 1 Trash')), 'UID MOVE');
  assert.equal(describe(cmd('a SELECT inbox')), 'SELECT INBOX');
});
