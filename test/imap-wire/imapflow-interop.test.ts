// Interop: commands as imapflow (a real client library, devDependency) writes them must
// frame and parse. Uses imapflow's own search and command compilers, no network.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import compiler from 'imapflow/lib/handler/imap-compiler.js';
import { searchCompiler } from 'imapflow/lib/search-compiler.js';
import { parseCommand } from '../../src/protocols/imap/wire/commands/parse.js';
import type { ImapCommand } from '../../src/protocols/imap/wire/commands/types.js';
import { assertSubset, runFramer } from './helpers.js';

const connection = {
  capabilities: new Map<string, boolean>([
    ['OBJECTID', true],
    ['WITHIN', true],
    ['CONDSTORE', true],
    ['SAVEDATE', true],
  ]),
  enabled: new Set(['CONDSTORE', 'UTF8=ACCEPT']),
  mailbox: { flags: new Set<string>() },
};

async function viaImapflow(command: string, attributes: unknown, literalPlus: boolean): Promise<ImapCommand> {
  // imapflow hands back the pieces between synchronising literals; joined they are the wire text.
  const out: Buffer | Buffer[] = await compiler({ tag: 'A1', command, attributes } as never, {
    asArray: true,
    literalPlus,
  });
  const wire = Buffer.concat(Array.isArray(out) ? out : [out]);
  const events = runFramer([Buffer.concat([wire, Buffer.from('\r\n')])]).filter(
    (e) => e.kind !== 'continuation',
  );
  assert.equal(events.length, 1, wire.toString());
  const ev = events[0]!;
  assert.equal(ev.kind, 'command');
  if (ev.kind !== 'command') throw new Error('no command');
  const r = parseCommand(ev.frame, { utf8Accept: true });
  if (!r.ok) assert.fail(`${wire.toString()}: ${r.message}`);
  return r.command;
}

const queries: Array<[Record<string, unknown>, unknown]> = [
  [{ all: true }, [{ type: 'all' }]],
  [
    { seen: false, flagged: true },
    [
      { type: 'flag', flag: '\\Seen', present: false },
      { type: 'flag', flag: '\\Flagged' },
    ],
  ],
  [
    { from: 'alice@example.com', to: 'bob', cc: 'carol', bcc: 'dave' },
    [{ field: 'From' }, { field: 'To' }, { field: 'Cc' }, { field: 'Bcc' }],
  ],
  [
    { subject: 'Gr\u00fc\u00dfe "quoted" \\ back' },
    [{ type: 'header', field: 'Subject', value: 'Gr\u00fc\u00dfe "quoted" \\ back' }],
  ],
  [{ body: 'two words' }, [{ type: 'body', value: 'two words' }]],
  [{ or: [{ from: 'a' }, { from: 'b' }, { subject: 'c' }] }, [{ type: 'or' }]],
  [{ not: { deleted: true } }, [{ type: 'not', key: { type: 'flag', flag: '\\Deleted' } }]],
  [
    { larger: 100, smaller: 2000 },
    [
      { type: 'size', cmp: 'larger', size: 100 },
      { type: 'size', cmp: 'smaller', size: 2000 },
    ],
  ],
  [{ uid: '1:100,200' }, [{ type: 'uid' }]],
  [{ seq: '1:*' }, [{ type: 'seq' }]],
  [{ modseq: 12345 }, [{ type: 'modseq', modseq: 12345 }]],
  [{ emailId: 'M6d99ac3275bb4e', threadId: 'T64b478a75b7ea9' }, [{ type: 'emailid' }, { type: 'threadid' }]],
  [
    { keyword: '$Junk', unKeyword: '$NotJunk' },
    [
      { type: 'flag', flag: '$Junk' },
      { type: 'flag', flag: '$NotJunk', present: false },
    ],
  ],
  [
    { header: { 'X-Spam-Flag': 'YES', 'Message-ID': '<a@b>' } },
    [
      { type: 'header', value: 'YES' },
      { type: 'header', value: '<a@b>' },
    ],
  ],
  // With WITHIN, imapflow turns before/since into OLDER/YOUNGER.
  [
    { before: new Date('2020-01-01T00:00:00Z'), sentSince: new Date('2019-06-01T00:00:00Z') },
    [
      { type: 'age', cmp: 'older' },
      { type: 'date', field: 'sent' },
    ],
  ],
  [{ answered: true, draft: false, deleted: false }, [{ type: 'flag' }, { type: 'flag' }, { type: 'flag' }]],
];

test('imapflow SEARCH queries parse (sync and LITERAL+ literals)', async () => {
  for (const [query, keys] of queries) {
    const attrs = searchCompiler(connection as never, query as never);
    for (const literalPlus of [false, true]) {
      const c = await viaImapflow('UID SEARCH', attrs, literalPlus);
      assert.equal(c.name, 'SEARCH');
      if (c.name === 'SEARCH') assertSubset(c.program.keys, keys);
    }
  }
});

test('imapflow-style FETCH, STORE, LOGIN, APPEND commands parse', async () => {
  const atom = (value: string) => ({ type: 'ATOM', value });
  const str = (value: string) => ({ type: 'STRING', value });
  const seq = (value: string) => ({ type: 'SEQUENCE', value });
  const fetch = await viaImapflow(
    'UID FETCH',
    [
      seq('1:*'),
      [
        atom('UID'),
        atom('FLAGS'),
        {
          type: 'ATOM',
          value: 'BODY.PEEK',
          section: [atom('HEADER.FIELDS'), [atom('FROM'), atom('SUBJECT')]],
          partial: [0, 1024],
        },
        atom('MODSEQ'),
      ],
      [atom('CHANGEDSINCE'), atom('5')],
    ],
    false,
  );
  assertSubset(fetch, {
    name: 'FETCH',
    uid: true,
    items: [
      { name: 'UID' },
      { name: 'FLAGS' },
      {
        kind: 'body-section',
        peek: true,
        section: { text: { kind: 'HEADER.FIELDS', fields: ['FROM', 'SUBJECT'] } },
        partial: { origin: 0, length: 1024 },
      },
      { name: 'MODSEQ' },
    ],
    modifiers: { changedSince: 5 },
  });
  const store = await viaImapflow(
    'UID STORE',
    [seq('1:5'), atom('+FLAGS.SILENT'), [atom('\\Seen'), atom('$Forwarded')]],
    false,
  );
  assertSubset(store, { name: 'STORE', op: 'add', silent: true, flags: ['\\Seen', '$Forwarded'] });
  const login = await viaImapflow(
    'LOGIN',
    [str('alice@example.test'), { type: 'LITERAL', value: Buffer.from('p\u00e4ss "w\u00f6rd"\r\n') }],
    false,
  );
  assertSubset(login, { name: 'LOGIN', user: 'alice@example.test', password: 'p\u00e4ss "w\u00f6rd"\r\n' });
  const msg = 'From: a@b\r\nSubject: hi\r\n\r\nbody\r\n';
  const append = await viaImapflow(
    'APPEND',
    [
      str('Sent'),
      [atom('\\Seen')],
      str('14-Jul-2003 08:00:00 +0000'),
      { type: 'LITERAL', value: Buffer.from(msg) },
    ],
    true,
  );
  assertSubset(append, {
    name: 'APPEND',
    mailbox: 'Sent',
    messages: [{ flags: ['\\Seen'], date: { offsetMinutes: 0 } }],
  });
  if (append.name === 'APPEND') {
    const data = append.messages[0]!.data;
    assert.ok(data.kind === 'literal' && data.data.toString() === msg);
  }
});
