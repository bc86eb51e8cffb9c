import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImapCommand } from '../../src/protocols/imap/wire/commands/types.js';
import { cmd } from './helpers.js';

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
    case 'CANCELUPDATE':
      return `CANCELUPDATE ${c.tags.join(' ')}`;
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
    case 'GENURLAUTH':
      return `GENURLAUTH ${c.items.length}`;
    case 'RESETKEY':
      return `RESETKEY ${c.mailbox ?? ''}`;
    case 'URLFETCH':
      return `URLFETCH ${c.urls.length}`;
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
