// Table-driven tests of parseCommand: RFC examples and the extensions of issue 3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommand } from '../../src/protocols/imap/wire/commands/parse.js';
import { assertSubset, cmd, framesOf, parse } from './helpers.js';

const all = { kind: 'set', ranges: [{ from: 1, to: '*' }] };
const seq = (from: number | '*', to: number | '*' = from) => ({ from, to });

const valid: Array<[string, unknown]> = [
  // RFC 9051 §6.1
  ['abcd CAPABILITY', { tag: 'abcd', name: 'CAPABILITY' }],
  ['a002 noop', { name: 'NOOP' }],
  ['A023 LOGOUT', { name: 'LOGOUT' }],
  ['a002 STARTTLS', { name: 'STARTTLS' }],
  [
    'a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")',
    {
      name: 'ID',
      params: [
        ['name', 'sodr'],
        ['version', '19.34'],
        ['vendor', 'Pink Floyd Music Limited'],
      ],
    },
  ],
  ['a ID NIL', { name: 'ID', params: null }],
  ['a ID ("name" NIL)', { name: 'ID', params: [['name', null]] }],
  // §6.2
  ['A001 AUTHENTICATE GSSAPI', { name: 'AUTHENTICATE', mechanism: 'GSSAPI', initialResponse: null }],
  [
    'a AUTHENTICATE plain dGVzdAB0ZXN0AHRlc3Q=',
    { mechanism: 'PLAIN', initialResponse: 'dGVzdAB0ZXN0AHRlc3Q=' },
  ],
  ['a AUTHENTICATE PLAIN =', { initialResponse: '' }],
  ['a001 LOGIN SMITH SESAME', { name: 'LOGIN', user: 'SMITH', password: 'SESAME' }],
  ['a001 LOGIN "alice@example.test" "p\\"w\\\\d"', { user: 'alice@example.test', password: 'p"w\\d' }],
  ['a001 LOGIN {5}\r\nalice {5}\r\np\u00e4ss\r\n', { user: 'alice', password: 'p\u00e4ss' }],
  // §6.3
  ['t2 ENABLE CONDSTORE X-GOOD-IDEA', { name: 'ENABLE', capabilities: ['CONDSTORE', 'X-GOOD-IDEA'] }],
  ['t3 ENABLE IMAP4rev2 utf8=accept', { capabilities: ['IMAP4REV2', 'UTF8=ACCEPT'] }],
  ['A142 SELECT INBOX', { name: 'SELECT', mailbox: 'INBOX', condstore: false, qresync: null }],
  ['A142 SELECT inbox', { mailbox: 'INBOX' }],
  ['A932 EXAMINE blurdybloop', { name: 'EXAMINE', mailbox: 'blurdybloop' }],
  ['A142 SELECT INBOX (CONDSTORE)', { condstore: true }],
  [
    'A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))',
    {
      qresync: {
        uidValidity: 67890007,
        modseq: Number.MAX_SAFE_INTEGER,
        knownUids: { kind: 'set', ranges: [seq(41), seq(43, 211), seq(214, 541)] },
        seqMatch: null,
      },
    },
  ],
  [
    'B02 SELECT INBOX (QRESYNC (67890007 90060115 1:29997 (5000,7500 15000,22500)))',
    {
      qresync: {
        modseq: 90060115,
        knownUids: { kind: 'set', ranges: [seq(1, 29997)] },
        seqMatch: {
          seqs: { kind: 'set', ranges: [seq(5000), seq(7500)] },
          uids: { ranges: [seq(15000), seq(22500)] },
        },
      },
    },
  ],
  ['x SELECT INBOX (QRESYNC (1 0))', { qresync: { uidValidity: 1, modseq: 0, knownUids: null } }],
  [
    'x SELECT INBOX (QRESYNC (1 5 (1:2 3:4)))',
    { qresync: { knownUids: null, seqMatch: { seqs: { kind: 'set' } } } },
  ],
  ['A001 NAMESPACE', { name: 'NAMESPACE' }],
  ['A003 CREATE owatagusiam/', { name: 'CREATE', mailbox: 'owatagusiam', use: null }],
  ['A004 CREATE owatagusiam/blurdybloop', { mailbox: 'owatagusiam/blurdybloop' }],
  ['t1 CREATE MySpecial (USE (\\Drafts \\Sent))', { mailbox: 'MySpecial', use: ['\\Drafts', '\\Sent'] }],
  ['A682 DELETE blurdybloop', { name: 'DELETE', mailbox: 'blurdybloop' }],
  ['A683 RENAME blurdybloop sarasoop', { name: 'RENAME', from: 'blurdybloop', to: 'sarasoop' }],
  ['A684 RENAME "Inbox/a" "x y"', { from: 'INBOX/a', to: 'x y' }],
  ['A002 SUBSCRIBE #news.comp.mail.mime', { name: 'SUBSCRIBE', mailbox: '#news.comp.mail.mime' }],
  ['A002 UNSUBSCRIBE #news.comp.mail.mime', { name: 'UNSUBSCRIBE' }],
  ['A101 LIST "" ""', { name: 'LIST', reference: '', patterns: [''], extended: false }],
  ['A102 LIST #news.comp.mail.misc ""', { reference: '#news.comp.mail.misc', patterns: [''] }],
  ['A202 LIST ~/Mail/ %', { reference: '~/Mail/', patterns: ['%'] }],
  [
    'A02 LIST (SUBSCRIBED) "" "*"',
    { select: { subscribed: true, remote: false }, patterns: ['*'], extended: true },
  ],
  ['A03 LIST () "" "%" RETURN (CHILDREN)', { returns: { children: true, subscribed: false, status: null } }],
  ['A05 LIST (REMOTE SUBSCRIBED) "" "*"', { select: { remote: true, subscribed: true } }],
  ['A06 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"', { select: { recursiveMatch: true } }],
  ['C04 LIST () "" ("INBOX" "Drafts" "Sent/%")', { patterns: ['INBOX', 'Drafts', 'Sent/%'] }],
  ['t1 LIST "" "*" RETURN (SPECIAL-USE)', { returns: { specialUse: true } }],
  ['t2 LIST (SPECIAL-USE) "" "*"', { select: { specialUse: true } }],
  ['A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))', { returns: { status: ['MESSAGES', 'UNSEEN'] } }],
  ['a LIST "" [Gmail]/%', { patterns: ['[Gmail]/%'] }],
  ['a LIST "" "&AOQ-*"', { patterns: ['\u00e4*'] }],
  ['A002 LSUB "#news." "comp.mail.*"', { name: 'LSUB', reference: '#news.', pattern: 'comp.mail.*' }],
  [
    'A042 STATUS blurdybloop (UIDNEXT MESSAGES)',
    { name: 'STATUS', mailbox: 'blurdybloop', items: ['UIDNEXT', 'MESSAGES'] },
  ],
  [
    'a STATUS INBOX (size highestmodseq appendlimit mailboxid deleted recent uidvalidity unseen)',
    {
      items: [
        'SIZE',
        'HIGHESTMODSEQ',
        'APPENDLIMIT',
        'MAILBOXID',
        'DELETED',
        'RECENT',
        'UIDVALIDITY',
        'UNSEEN',
      ],
    },
  ],
  [
    'A003 APPEND saved-messages (\\Seen) {5}\r\nhello\r\n',
    {
      name: 'APPEND',
      mailbox: 'saved-messages',
      messages: [{ flags: ['\\Seen'], date: null, utf8: false, data: { kind: 'literal', binary: false } }],
    },
  ],
  ['A004 APPEND INBOX {2}\r\nhi\r\n', { messages: [{ flags: [], date: null }] }],
  [
    'A005 APPEND INBOX "14-Jul-2003 08:00:00 +0000" {1}\r\nx\r\n',
    {
      messages: [{ date: { time: Date.UTC(2003, 6, 14, 8), offsetMinutes: 0 } }],
    },
  ],
  [
    'A006 APPEND saved (\\Seen) {3}\r\nabc (\\Draft) " 7-Feb-1994 21:52:25 -0800" {2}\r\nde ~{3}\r\na\0b\r\n',
    {
      messages: [
        { flags: ['\\Seen'] },
        { flags: ['\\Draft'], date: { time: Date.UTC(1994, 1, 8, 5, 52, 25), offsetMinutes: -480 } },
        { flags: [], data: { binary: true } },
      ],
    },
  ],
  ['A007 APPEND Drafts UTF8 (~{4}\r\nh\u00e9l)\r\n', { messages: [{ utf8: true, data: { binary: true } }] }],
  ['A008 APPEND Drafts () {1}\r\nx\r\n', { messages: [{ flags: [] }] }],
  ['A002 IDLE', { name: 'IDLE' }],
  ['a NOTIFY NONE', { name: 'NOTIFY', groups: null }],
  [
    'a NOTIFY SET (inboxes (MessageNew MessageExpunge XFooEvent))',
    {
      groups: [{ filter: { kind: 'inboxes' }, events: [{}, {}, { kind: 'other', name: 'XFooEvent' }] }],
    },
  ],
  [
    'a NOTIFY SET STATUS (selected (MessageNew (uid body.peek[header.fields (from to subject)]) MessageExpunge)) (subtree Lists (MessageNew MessageExpunge))',
    {
      status: true,
      groups: [
        {
          filter: { kind: 'selected', delayed: false },
          events: [
            {
              kind: 'MessageNew',
              fetch: [
                { kind: 'simple', name: 'UID' },
                { kind: 'body-section', peek: true },
              ],
            },
            { kind: 'MessageExpunge' },
          ],
        },
        {
          filter: { kind: 'subtree', mailboxes: ['Lists'] },
          events: [{ kind: 'MessageNew' }, { kind: 'MessageExpunge' }],
        },
      ],
    },
  ],
  [
    'a NOTIFY SET (mailboxes (INBOX "Sent") NONE) (personal (MailboxName SubscriptionChange))',
    {
      status: false,
      groups: [
        { filter: { kind: 'mailboxes', mailboxes: ['INBOX', 'Sent'] }, events: null },
        { filter: { kind: 'personal' } },
      ],
    },
  ],
  ['G0001 GETQUOTA "!partition/sda4"', { name: 'GETQUOTA', root: '!partition/sda4' }],
  ['A003 GETQUOTAROOT INBOX', { name: 'GETQUOTAROOT', mailbox: 'INBOX' }],
  [
    'S0000 SETQUOTA "#user/alice" (STORAGE 510 MESSAGE 1000)',
    {
      name: 'SETQUOTA',
      root: '#user/alice',
      limits: [
        { resource: 'STORAGE', limit: 510 },
        { resource: 'MESSAGE', limit: 1000 },
      ],
    },
  ],
  ['S0001 SETQUOTA "" ()', { limits: [] }],
  ['a COMPRESS DEFLATE', { name: 'COMPRESS', algorithm: 'DEFLATE' }],
  ['a UNAUTHENTICATE', { name: 'UNAUTHENTICATE' }],
  // §6.4
  ['FXXZ CHECK', { name: 'CHECK' }],
  ['A341 CLOSE', { name: 'CLOSE' }],
  ['A342 UNSELECT', { name: 'UNSELECT' }],
  ['A202 EXPUNGE', { name: 'EXPUNGE', uid: false, set: null }],
  [
    'A003 UID EXPUNGE 3000:3002',
    { name: 'EXPUNGE', uid: true, set: { kind: 'set', ranges: [seq(3000, 3002)] } },
  ],
  [
    'A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"',
    {
      name: 'SEARCH',
      uid: false,
      returns: { min: true, count: true, all: false, max: false },
      program: {
        charset: null,
        keys: [
          { type: 'flag', flag: '\\Flagged', present: true },
          { type: 'date', field: 'internal', cmp: 'since', date: { year: 1994, month: 2, day: 1 } },
          { type: 'not', key: { type: 'address', field: 'From', value: 'Smith' } },
        ],
      },
    },
  ],
  ['A283 SEARCH RETURN () FLAGGED', { returns: { all: true } }],
  [
    'A284 SEARCH TEXT "string not in mailbox"',
    { returns: null, program: { keys: [{ type: 'text', value: 'string not in mailbox' }] } },
  ],
  [
    'A285 SEARCH CHARSET UTF-8 TEXT {5}\r\nXX\u00e4X\r\n',
    { program: { charset: 'UTF-8', keys: [{ type: 'text', value: 'XX\u00e4X' }] } },
  ],
  [
    'A286 SEARCH (OR $ 1,3000:3021) TEXT {8+}\r\nmy words\r\n',
    {
      program: {
        keys: [
          {
            type: 'and',
            keys: [{ type: 'or', left: { type: 'seq', set: { kind: 'saved' } }, right: { type: 'seq' } }],
          },
          { type: 'text', value: 'my words' },
        ],
      },
    },
  ],
  [
    'A287 UID SEARCH RETURN (SAVE) FLAGGED SINCE "1-Feb-1994"',
    { uid: true, returns: { save: true, all: false } },
  ],
  [
    'A288 UID SEARCH RETURN (PARTIAL -1:-100) UNDELETED',
    {
      returns: { partial: { fromEnd: true, lo: 1, hi: 100 }, all: false },
    },
  ],
  ['A289 SEARCH RETURN (PARTIAL 500:1) ALL', { returns: { partial: { fromEnd: false, lo: 1, hi: 500 } } }],
  // RFC 5267 §4.2: UPDATE alone returns no data (not the ALL of an empty RETURN ()).
  ['B01 UID SEARCH RETURN (UPDATE) FLAGGED', { uid: true, returns: { update: true, all: false } }],
  ['B02 SEARCH RETURN (COUNT UPDATE) UNSEEN', { returns: { update: true, count: true, all: false } }],
  ['B03 CANCELUPDATE "B01"', { name: 'CANCELUPDATE', tags: ['B01'] }],
  ['B04 CANCELUPDATE "B01" "B02"', { name: 'CANCELUPDATE', tags: ['B01', 'B02'] }],
  [
    'a SEARCH MODSEQ "/flags/\\\\draft" all 620162338',
    {
      program: { keys: [{ type: 'modseq', modseq: 620162338, entry: { flag: '\\draft', scope: 'all' } }] },
    },
  ],
  ['a SEARCH MODSEQ 0', { program: { keys: [{ type: 'modseq', modseq: 0, entry: null }] } }],
  [
    'a SEARCH YOUNGER 3600 OLDER 60',
    {
      program: {
        keys: [
          { type: 'age', cmp: 'younger', seconds: 3600 },
          { type: 'age', cmp: 'older', seconds: 60 },
        ],
      },
    },
  ],
  [
    'a SEARCH SAVEDBEFORE 1-Jan-2020 SAVEDON 2-Jan-2020 SAVEDSINCE 3-Jan-2020 SAVEDATESUPPORTED',
    {
      program: {
        keys: [
          { type: 'date', field: 'saved', cmp: 'before' },
          { type: 'date', field: 'saved', cmp: 'on' },
          { type: 'date', field: 'saved', cmp: 'since' },
          { type: 'savedatesupported' },
        ],
      },
    },
  ],
  [
    'a SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9',
    {
      program: {
        keys: [
          { type: 'emailid', id: 'M6d99ac3275bb4e' },
          { type: 'threadid', id: 'T64b478a75b7ea9' },
        ],
      },
    },
  ],
  [
    'a SEARCH ALL ANSWERED DELETED DRAFT FLAGGED SEEN UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN NEW OLD RECENT UNRECENT',
    {
      program: { keys: new Array(15).fill({}) },
    },
  ],
  [
    'a SEARCH KEYWORD $Junk UNKEYWORD $NotJunk',
    {
      program: {
        keys: [
          { type: 'flag', flag: '$Junk', present: true },
          { type: 'flag', flag: '$NotJunk', present: false },
        ],
      },
    },
  ],
  [
    'a SEARCH BCC a CC b FROM c SUBJECT d TO e HEADER X-Spam yes BODY f',
    {
      program: {
        keys: [
          { type: 'address', field: 'Bcc' },
          { type: 'address', field: 'Cc' },
          { type: 'address', field: 'From' },
          { type: 'header', field: 'Subject' },
          { type: 'address', field: 'To' },
          { type: 'header', field: 'X-Spam', value: 'yes' },
          { type: 'body', value: 'f' },
        ],
      },
    },
  ],
  [
    'a SEARCH LARGER 100 SMALLER 20000 BEFORE 1-Jan-2020 ON 1-Jan-2020 SENTBEFORE 1-Jan-2020 SENTON 1-Jan-2020 SENTSINCE 1-Jan-2020',
    {
      program: {
        keys: [
          { type: 'size', cmp: 'larger', size: 100 },
          { type: 'size', cmp: 'smaller', size: 20000 },
          { field: 'internal', cmp: 'before' },
          { field: 'internal', cmp: 'on' },
          { field: 'sent', cmp: 'before' },
          { field: 'sent', cmp: 'on' },
          { field: 'sent', cmp: 'since' },
        ],
      },
    },
  ],
  [
    'a SEARCH UID 5:* 1,2',
    {
      program: {
        keys: [
          { type: 'uid', set: { ranges: [seq(5, '*')] } },
          { type: 'seq', set: { ranges: [seq(1), seq(2)] } },
        ],
      },
    },
  ],
  ['a SEARCH CHARSET ISO-8859-1 SUBJECT {2}\r\n\u00e9\r\n', { program: { charset: 'ISO-8859-1' } }],
  [
    'A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])',
    {
      name: 'FETCH',
      uid: false,
      set: { kind: 'set', ranges: [seq(2, 4)] },
      items: [
        { kind: 'simple', name: 'FLAGS' },
        {
          kind: 'body-section',
          peek: false,
          section: { part: [], text: { kind: 'HEADER.FIELDS', not: false, fields: ['DATE', 'FROM'] } },
          partial: null,
        },
      ],
      modifiers: { changedSince: null, vanished: false, partial: null },
    },
  ],
  ['A999 UID FETCH 4827313:4828442 FLAGS', { uid: true, items: [{ kind: 'simple', name: 'FLAGS' }] }],
  [
    'a FETCH 1:* ALL',
    {
      set: all,
      items: [{ name: 'FLAGS' }, { name: 'INTERNALDATE' }, { name: 'RFC822.SIZE' }, { name: 'ENVELOPE' }],
    },
  ],
  ['a FETCH 1 fast', { items: [{ name: 'FLAGS' }, { name: 'INTERNALDATE' }, { name: 'RFC822.SIZE' }] }],
  ['a FETCH 1 FULL', { items: [{}, {}, {}, {}, { name: 'BODY' }] }],
  ['a FETCH $ (UID INTERNALDATE FLAGS RFC822.HEADER)', { set: { kind: 'saved' } }],
  [
    's100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)',
    { modifiers: { changedSince: 12345, vanished: true } },
  ],
  [
    'a UID FETCH 1:* (UID FLAGS) (PARTIAL -1:-30)',
    { modifiers: { partial: { fromEnd: true, lo: 1, hi: 30 } } },
  ],
  [
    'a FETCH 1 (BINARY.PEEK[1.2]<0.100> BINARY.SIZE[1] BINARY[])',
    {
      items: [
        { kind: 'binary', peek: true, part: [1, 2], partial: { origin: 0, length: 100 } },
        { kind: 'binary-size', part: [1] },
        { kind: 'binary', peek: false, part: [], partial: null },
      ],
    },
  ],
  [
    'a FETCH 1 (BODY[] BODY[1.2.MIME] BODY[3.HEADER.FIELDS.NOT (X-A)] BODY[TEXT]<10.20> BODY BODYSTRUCTURE)',
    {
      items: [
        { kind: 'body-section', section: { part: [], text: null } },
        { section: { part: [1, 2], text: { kind: 'MIME' } } },
        { section: { part: [3], text: { kind: 'HEADER.FIELDS', not: true, fields: ['X-A'] } } },
        { section: { text: { kind: 'TEXT' } }, partial: { origin: 10, length: 20 } },
        { kind: 'simple', name: 'BODY' },
        { kind: 'simple', name: 'BODYSTRUCTURE' },
      ],
    },
  ],
  [
    'a FETCH 1 (MODSEQ EMAILID THREADID SAVEDATE PREVIEW RFC822 RFC822.TEXT RFC822.SIZE ENVELOPE)',
    {
      items: [
        { name: 'MODSEQ' },
        { name: 'EMAILID' },
        { name: 'THREADID' },
        { name: 'SAVEDATE' },
        { kind: 'preview', lazy: false },
        {},
        {},
        {},
        {},
      ],
    },
  ],
  ['a FETCH 1 PREVIEW (LAZY)', { items: [{ kind: 'preview', lazy: true }] }],
  [
    'a FETCH 1 PREVIEW (CHANGEDSINCE 5)',
    { items: [{ kind: 'preview', lazy: false }], modifiers: { changedSince: 5 } },
  ],
  ['a FETCH 1 (PREVIEW (LAZY) UID)', { items: [{ kind: 'preview', lazy: true }, { name: 'UID' }] }],
  ['a FETCH 5:2,*,7 FLAGS', { set: { ranges: [seq(5, 2), seq('*'), seq(7)] } }],
  [
    'A003 STORE 2:4 +FLAGS (\\Deleted)',
    { name: 'STORE', op: 'add', silent: false, flags: ['\\Deleted'], unchangedSince: null },
  ],
  ['A004 STORE 1 -FLAGS.SILENT \\seen $Junk', { op: 'remove', silent: true, flags: ['\\Seen', '$Junk'] }],
  ['A005 STORE 1 FLAGS ()', { op: 'set', flags: [] }],
  [
    'a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)',
    { uid: true, unchangedSince: 12121230045 },
  ],
  ['A003 COPY 2:4 MEETING', { name: 'COPY', uid: false, mailbox: 'MEETING' }],
  ['a UID MOVE 42:69 foo', { name: 'MOVE', uid: true, mailbox: 'foo' }],
  [
    'B01 UID REPLACE 2507 Drafts (\\Seen \\Draft) {3}\r\nabc\r\n',
    {
      name: 'REPLACE',
      uid: true,
      target: 2507,
      mailbox: 'Drafts',
      message: { flags: ['\\Seen', '\\Draft'] },
    },
  ],
  ['B02 REPLACE 3 Drafts {3}\r\nabc\r\n', { uid: false, target: 3 }],
  [
    'A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994',
    { name: 'SORT', criteria: [{ key: 'SUBJECT', reverse: false }], program: { charset: 'UTF-8' } },
  ],
  [
    'A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL',
    { criteria: [{ key: 'SUBJECT' }, { key: 'DATE', reverse: true }] },
  ],
  [
    'A284 UID SORT RETURN (MIN MAX) (DISPLAYFROM) US-ASCII TEXT "not in mailbox"',
    { uid: true, returns: { min: true, max: true } },
  ],
  ['A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000', { name: 'THREAD', algorithm: 'ORDEREDSUBJECT' }],
  [
    'A285 UID THREAD REFERENCES US-ASCII ALL',
    { uid: true, algorithm: 'REFERENCES', program: { charset: 'US-ASCII' } },
  ],
  // RFC 7162 examples
  [
    'b107 UID STORE 5 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)',
    { unchangedSince: 320162338, silent: true },
  ],
  [
    'd105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) -FLAGS.SILENT (\\Deleted)',
    {
      op: 'remove',
      set: { ranges: [seq(7), seq(5), seq(9)] },
    },
  ],
  [
    's100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)',
    { modifiers: { changedSince: 12345, vanished: false } },
  ],
  [
    't SEARCH OR NOT MODSEQ 720162338 LARGER 50000',
    {
      program: {
        keys: [
          {
            type: 'or',
            left: { type: 'not', key: { type: 'modseq', modseq: 720162338 } },
            right: { type: 'size' },
          },
        ],
      },
    },
  ],
  [
    'A04 SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))',
    { qresync: { knownUids: { kind: 'set' } } },
  ],
  // RFC 4731 / RFC 5182 examples
  [
    'A285 SEARCH RETURN (ALL) CHARSET UTF-8 SUBJECT hello',
    { returns: { all: true }, program: { charset: 'UTF-8' } },
  ],
  [
    'A301 SEARCH RETURN (SAVE MIN) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"',
    { returns: { save: true, min: true } },
  ],
  ['A302 UID COPY $ "other mailbox"', { name: 'COPY', set: { kind: 'saved' }, mailbox: 'other mailbox' }],
  // RFC 6851 / RFC 4315 examples
  ['a UID MOVE 42:69 foo', { name: 'MOVE', uid: true }],
  ['A004 UID COPY 304,319:320 meeting', { set: { ranges: [seq(304), seq(319, 320)] } }],
  // Leniency
  ['a1 NOOP   ', { name: 'NOOP' }],
  ['a LIST "" "Gel\u00f6schte*"', { patterns: ['Gel\u00f6schte*'] }],
];

test('valid commands parse to the expected typed values', () => {
  for (const [input, expected] of valid) {
    const c = cmd(input);
    try {
      assertSubset(c, expected);
    } catch (e) {
      assert.fail(`${input}: ${(e as Error).message}`);
    }
  }
});

const invalid: Array<[string, string | null, string]> = [
  ['a1 FETCH', 'a1', 'syntax'],
  ['a1 FROBNICATE', 'a1', 'unknown-command'],
  ['a1 UID NOOP', 'a1', 'unknown-command'],
  ['* NOOP', null, 'syntax'],
  ['+ NOOP', null, 'syntax'],
  ['a1', 'a1', 'syntax'],
  ['a1 FETCH 0 FLAGS', 'a1', 'syntax'],
  ['a1 FETCH 4294967296 FLAGS', 'a1', 'syntax'],
  ['a1 FETCH 1:x FLAGS', 'a1', 'syntax'],
  ['a1 FETCH 1, FLAGS', 'a1', 'syntax'],
  ['a1 FETCH 1 (FLAGS', 'a1', 'syntax'],
  ['a1 FETCH 1 ()', 'a1', 'syntax'],
  ['a1 FETCH 1 BODY.PEEK', 'a1', 'syntax'],
  ['a1 FETCH 1 BODY[MIME]', 'a1', 'syntax'],
  ['a1 FETCH 1 BODY[HEADER.FIELDS ()]', 'a1', 'syntax'],
  ['a1 FETCH 1 BODY[1.TEXT.X]', 'a1', 'syntax'],
  ['a1 FETCH 1 BODY[]<5>', 'a1', 'syntax'],
  ['a1 FETCH 1 BINARY[1.TEXT]', 'a1', 'syntax'],
  ['a1 FETCH 1 XYZZY', 'a1', 'syntax'],
  ['a1 FETCH 1 FLAGS (VANISHED)', 'a1', 'syntax'],
  ['a1 UID FETCH 1 FLAGS (VANISHED)', 'a1', 'syntax'],
  ['a1 FETCH 1 FLAGS (PARTIAL 1:5)', 'a1', 'syntax'],
  ['a1 FETCH 1 FLAGS (CHANGEDSINCE 99999999999999999999)', 'a1', 'syntax'],
  ['a1 SEARCH CHARSET KOI8-R ALL', 'a1', 'badcharset'],
  ['a1 SORT (DATE) KOI8-R ALL', 'a1', 'badcharset'],
  ['A286 SEARCH CHARSET KOI8-R (OR $ 1,3000:3021) TEXT {8+}\r\nmy words', 'A286', 'badcharset'],
  ['a1 SEARCH FOO', 'a1', 'syntax'],
  ['a1 SEARCH', 'a1', 'syntax'],
  ['a1 SEARCH NOT', 'a1', 'syntax'],
  ['a1 SEARCH OR SEEN', 'a1', 'syntax'],
  ['a1 SEARCH SINCE 31-Feb-2020', 'a1', 'syntax'],
  ['a1 SEARCH SINCE 1-Foo-2020', 'a1', 'syntax'],
  ['a1 SEARCH (ALL', 'a1', 'syntax'],
  ['a1 SEARCH ()', 'a1', 'syntax'],
  ['a1 SEARCH RETURN (PARTIAL 1:10 ALL) ALL', 'a1', 'syntax'],
  ['a1 SEARCH RETURN (PARTIAL -1:10) ALL', 'a1', 'syntax'],
  ['a1 CANCELUPDATE', 'a1', 'syntax'],
  ['a1 CANCELUPDATE x', 'a1', 'syntax'], // tag-string is a string (RFC 5267 §5)
  ['a1 SEARCH RETURN (BOGUS) ALL', 'a1', 'syntax'],
  ['a1 SEARCH EMAILID a.b', 'a1', 'syntax'],
  ['a1 SEARCH MODSEQ "/bogus/x" all 5', 'a1', 'syntax'],
  ['a1 SEARCH SUBJECT "a\\x"', 'a1', 'syntax'],
  ['a1 SEARCH SUBJECT "abc', 'a1', 'syntax'],
  [`a1 SEARCH ${'('.repeat(200)}ALL${')'.repeat(200)}`, 'a1', 'syntax'],
  [`a1 SEARCH ${'NOT '.repeat(200)}ALL`, 'a1', 'syntax'],
  ['a1 STORE 1 FLAGS (\\Recent)', 'a1', 'syntax'],
  ['a1 STORE 1 XFLAGS (\\Seen)', 'a1', 'syntax'],
  ['a1 STORE 1 +FLAGS', 'a1', 'syntax'],
  ['a1 STORE 1 (FOO 1) FLAGS ()', 'a1', 'syntax'],
  ['a1 LOGIN alice', 'a1', 'syntax'],
  ['a1 LOGIN "unterminated', 'a1', 'syntax'],
  ['a1 NOOP extra', 'a1', 'syntax'],
  ['a1 CAPABILITY (', 'a1', 'syntax'],
  ['a1 SELECT', 'a1', 'syntax'],
  ['a1 SELECT ""', 'a1', 'syntax'],
  ['a1 SELECT INBOX (FOO)', 'a1', 'syntax'],
  ['a1 SELECT INBOX (QRESYNC (1))', 'a1', 'syntax'],
  ['a1 CREATE x (FOO (\\Sent))', 'a1', 'syntax'],
  ['a1 LIST (BOGUS) "" *', 'a1', 'syntax'],
  ['a1 LIST (RECURSIVEMATCH) "" *', 'a1', 'syntax'],
  ['a1 LIST "" * RETURN (BOGUS)', 'a1', 'syntax'],
  ['a1 LIST "" * FOO', 'a1', 'syntax'],
  ['a1 LIST ""', 'a1', 'syntax'],
  ['a1 APPEND INBOX (\\Seen)', 'a1', 'syntax'],
  ['a1 APPEND INBOX', 'a1', 'syntax'],
  ['a1 APPEND INBOX "bad date" {1}\r\nx', 'a1', 'syntax'],
  ['a1 APPEND INBOX "31-Feb-2020 00:00:00 +0000" {1}\r\nx', 'a1', 'syntax'],
  ['a1 APPEND Drafts UTF8 ({5}\r\nhello)', 'a1', 'syntax'],
  ['a1 ENABLE', 'a1', 'syntax'],
  ['a1 ID ("name")', 'a1', 'syntax'],
  ['a1 ID (NIL "x")', 'a1', 'syntax'],
  ['a1 NOTIFY SET (selected (MessageNew))', 'a1', 'syntax'],
  ['a1 NOTIFY SET (selected (FlagChange))', 'a1', 'syntax'],
  ['a1 NOTIFY SET (selected (MailboxName))', 'a1', 'syntax'],
  ['a1 NOTIFY SET (everything (MailboxName))', 'a1', 'syntax'],
  ['a1 NOTIFY MAYBE', 'a1', 'syntax'],
  [
    'a1 NOTIFY SET (selected (MessageNew MessageExpunge)) (selected-delayed (MessageNew MessageExpunge))',
    'a1',
    'syntax',
  ],
  ['a1 NOTIFY SET (personal (MessageNew (UID) MessageExpunge))', 'a1', 'syntax'],
  ['a1 AUTHENTICATE PLAIN !!!', 'a1', 'syntax'],
  ['a1 AUTHENTICATE', 'a1', 'syntax'],
  ['a1 STATUS INBOX (BOGUS)', 'a1', 'syntax'],
  ['a1 STATUS INBOX ()', 'a1', 'syntax'],
  ['a1 COPY 1:2', 'a1', 'syntax'],
  ['a1 UID EXPUNGE', 'a1', 'syntax'],
  ['a1 SORT () UTF-8 ALL', 'a1', 'syntax'],
  ['a1 SORT (BOGUS) UTF-8 ALL', 'a1', 'syntax'],
  ['a1 THREAD REFERENCES', 'a1', 'syntax'],
  ['a1 SETQUOTA "" (STORAGE)', 'a1', 'syntax'],
  ['a1 REPLACE 0 Drafts {1}\r\nx', 'a1', 'syntax'],
];

test('invalid commands give a typed failure with the tag when readable', () => {
  for (const [input, tag, code] of invalid) {
    const r = parse(input);
    assert.equal(r.ok, false, `${input} should fail`);
    if (r.ok) continue;
    assert.equal(r.tag, tag, `${input}: tag`);
    assert.equal(r.code, code, `${input}: code (${r.message})`);
    assert.ok(r.message.length > 0);
  }
});

test('invalid UTF-8 in a mailbox name or password is refused clearly', () => {
  const [frame] = framesOf(
    Buffer.concat([Buffer.from('a1 SELECT "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\r\n')]),
  );
  const r = parseCommand(frame!);
  assert.ok(!r.ok && /UTF-8/.test(r.message));
});

test('mailbox names: modified UTF-7 decoded, raw UTF-8 accepted, UTF8=ACCEPT taken as is', () => {
  assertSubset(cmd('a SELECT "&AMQ-rger"'), { mailbox: '\u00c4rger' });
  assertSubset(cmd('a SELECT "\u00c4rger"'), { mailbox: '\u00c4rger' });
  assertSubset(cmd('a SELECT "&AMQ-rger"', { utf8Accept: true }), { mailbox: '&AMQ-rger' });
  assertSubset(cmd('a CREATE "Gel&APY-scht/"'), { mailbox: 'Gel\u00f6scht' });
  assertSubset(cmd('a SELECT "Inbox/Sub"'), { mailbox: 'INBOX/Sub' });
  assertSubset(cmd('a SELECT InboxFoo'), { mailbox: 'InboxFoo' });
});

test('streamed APPEND literal appears as a streamed part in the command', () => {
  const frames = framesOf(`a APPEND INBOX {70000+}\r\n${'x'.repeat(70000)}\r\n`, { literalMinus: false });
  const r = parseCommand(frames[0]!);
  assert.ok(r.ok);
  if (r.ok)
    assertSubset(r.command, { name: 'APPEND', messages: [{ data: { kind: 'streamed', size: 70000 } }] });
});

test('a streamed (large) literal where a string is expected is refused', () => {
  const frames = framesOf(`a APPEND {70000+}\r\n${'x'.repeat(70000)} {1}\r\nx\r\n`, { literalMinus: false });
  const r = parseCommand(frames[0]!);
  assert.ok(!r.ok);
});
