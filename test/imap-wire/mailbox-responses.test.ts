import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ResponsePart, responseToBuffer } from '../../src/protocols/imap/wire/encode.js';
import {
  listResponse,
  namespaceResponse,
  quotaResponse,
  quotaRootResponse,
  statusResponse,
} from '../../src/protocols/imap/wire/mailbox-responses.js';

const text = (parts: ResponsePart[]) => responseToBuffer(parts).toString('utf8');
const ascii = { utf8: false };

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

test('QUOTA, QUOTAROOT and NAMESPACE responses', () => {
  const s = (p: ReturnType<typeof quotaResponse>) => responseToBuffer(p).toString();
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
