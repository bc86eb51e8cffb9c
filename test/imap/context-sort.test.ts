// CONTEXT=SORT (RFC 5267 §4 for SORT) and RFC 9394 PARTIAL on SORT results: windows of
// the sorted result (reverse and negative ranges, BAD ranges), and SORT RETURN (UPDATE)
// kept live: another session's flag changes and expunges, new deliveries and this
// session's own expunge reach the client as ADDTO / REMOVEFROM pairs whose positions are
// those in the sorted result (pairs applied left to right). Raw sockets, no sleeps.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { python } from '../pop3/helpers/clients.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
// UIDs 1..5; by SUBJECT the order is 2 alpha, 4 bravo, 3 charlie, 1 delta, 5 echo.
before(async () => {
  srv = await startTestServer();
  for (const s of ['delta', 'alpha', 'charlie', 'bravo', 'echo']) await srv.deliver(message(s));
});
after(async () => {
  await srv.stop();
});

const selected = (): Promise<RawImap> => RawImap.selected(srv.port);

/** The untagged lines and the tagged reply of one command. */
async function ask(c: RawImap, tag: string, cmd: string): Promise<string[]> {
  return (await c.command(tag, cmd)).filter((l) => l.startsWith('* ESEARCH') || l.startsWith(`${tag} `));
}

test('CONTEXT=SORT and ESORT are advertised', async () => {
  const c = await selected();
  const caps = (await c.command('c', 'CAPABILITY')).find((l) => l.startsWith('* CAPABILITY'))!;
  assert.match(caps, / CONTEXT=SORT( |$)/);
  assert.match(caps, / ESORT( |$)/);
  c.close();
});

test('SORT RETURN (PARTIAL): windows of the sorted result, in sort order', async () => {
  const c = await selected();
  const cases: Array<[string, string]> = [
    ['SORT RETURN (PARTIAL 1:2) (SUBJECT) UTF-8 ALL', 'PARTIAL (1:2 2,4)'],
    // Reversed bounds are the same range (RFC 9394 §3.1).
    ['SORT RETURN (PARTIAL 3:2) (SUBJECT) UTF-8 ALL', 'PARTIAL (2:3 4,3)'],
    ['SORT RETURN (PARTIAL 2:4) (REVERSE SUBJECT) UTF-8 ALL', 'PARTIAL (2:4 1,3:4)'],
    // Negative ranges count from the end of the sorted result.
    ['SORT RETURN (PARTIAL -1:-2) (SUBJECT) UTF-8 ALL', 'PARTIAL (-1:-2 1,5)'],
    ['SORT RETURN (PARTIAL -5:-5) (SUBJECT) UTF-8 ALL', 'PARTIAL (-5:-5 2)'],
    ['SORT RETURN (PARTIAL 4:9) (SUBJECT) UTF-8 ALL', 'PARTIAL (4:9 1,5)'],
    ['SORT RETURN (PARTIAL 10:20) (SUBJECT) UTF-8 ALL', 'PARTIAL (10:20 NIL)'],
    ['SORT RETURN (PARTIAL 1:3 COUNT) (SUBJECT) UTF-8 NOT SUBJECT charlie', 'COUNT 4 PARTIAL (1:3 2,4,1)'],
  ];
  for (const [i, [cmd, want]] of cases.entries()) {
    const r = await ask(c, `p${i}`, cmd);
    assert.deepEqual(r, [`* ESEARCH (TAG "p${i}") ${want}`, `p${i} OK SORT completed`], cmd);
  }
  const uid = await ask(c, 'u', 'UID SORT RETURN (PARTIAL -1:-3) (REVERSE SUBJECT) UTF-8 ALL');
  assert.deepEqual(uid, ['* ESEARCH (TAG "u") UID PARTIAL (-1:-3 3:4,2)', 'u OK SORT completed']);
  const esort = await ask(c, 'e', 'SORT RETURN (COUNT ALL) (SUBJECT) UTF-8 ALL');
  assert.deepEqual(esort, ['* ESEARCH (TAG "e") COUNT 5 ALL 2,4,3,1,5', 'e OK SORT completed']);
  c.close();
});

test('SORT RETURN (PARTIAL) with a bad range is BAD', async () => {
  const c = await selected();
  for (const [i, range] of ['1', '1:*', '*:1', '0:2', '-1:2', '1:-2', '-0:-1', '1:4294967296'].entries()) {
    const r = await c.command(`b${i}`, `SORT RETURN (PARTIAL ${range}) (ARRIVAL) US-ASCII ALL`);
    assert.match(r.at(-1)!, new RegExp(`^b${i} BAD`), range);
    assert.ok(!r.some((l) => l.startsWith('* ESEARCH')), r.join('\n'));
  }
  const both = await c.command('b', 'SORT RETURN (PARTIAL 1:2 ALL) (ARRIVAL) US-ASCII ALL');
  assert.match(both.at(-1)!, /^b BAD/);
  c.close();
});

test('SORT RETURN (UPDATE): another session flags, unflags, expunges; positions in sort order', {
  timeout: 20_000,
}, async () => {
  const watcher = await selected();
  const other = await selected();
  assert.deepEqual(await ask(watcher, 'u', 'UID SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 FLAGGED'), [
    '* ESEARCH (TAG "u") UID',
    'u OK SORT completed',
  ]);
  assert.deepEqual(await ask(watcher, 'n', 'SORT RETURN (UPDATE) (REVERSE SUBJECT) UTF-8 FLAGGED'), [
    '* ESEARCH (TAG "n")',
    'n OK SORT completed',
  ]);
  await watcher.idle();
  const step = async (cmd: string, uidLine: RegExp, seqLine: RegExp): Promise<void> => {
    const a = watcher.waitFor(uidLine);
    const b = watcher.waitFor(seqLine, watcher.lines.length);
    assert.match((await other.command('x', cmd)).at(-1)!, /^x OK/);
    await a;
    await b;
  };
  // bravo alone: position 1 in both orders.
  await step(
    'STORE 4 +FLAGS (\\Flagged)',
    /^\* ESEARCH \(TAG "u"\) UID ADDTO \(1 4\)$/,
    /^\* ESEARCH \(TAG "n"\) ADDTO \(1 4\)$/,
  );
  // alpha, delta, echo: [alpha] bravo [delta echo]; reversed: [echo delta] bravo [alpha].
  await step(
    'STORE 1:2,5 +FLAGS (\\Flagged)',
    /^\* ESEARCH \(TAG "u"\) UID ADDTO \(1 2 3 1,5\)$/,
    /^\* ESEARCH \(TAG "n"\) ADDTO \(1 5,1 4 2\)$/,
  );
  // charlie lands between bravo and delta.
  await step(
    'STORE 3 +FLAGS (\\Flagged)',
    /^\* ESEARCH \(TAG "u"\) UID ADDTO \(3 3\)$/,
    /^\* ESEARCH \(TAG "n"\) ADDTO \(3 3\)$/,
  );
  // alpha and charlie leave: alpha at 1, then charlie at 2 once alpha is gone.
  await step(
    'STORE 2:3 -FLAGS (\\Flagged)',
    /^\* ESEARCH \(TAG "u"\) UID REMOVEFROM \(1 2 2 3\)$/,
    /^\* ESEARCH \(TAG "n"\) REMOVEFROM \(3 3 4 2\)$/,
  );
  // Now bravo, delta, echo. Expunging delta (message 1): REMOVEFROM before the EXPUNGE.
  const expunged = watcher.waitFor(/^\* 1 EXPUNGE$/);
  assert.match((await other.command('d', 'STORE 1 +FLAGS (\\Deleted)')).at(-1)!, /^d OK/);
  assert.match((await other.command('e', 'EXPUNGE')).at(-1)!, /^e OK/);
  await expunged;
  const at = watcher.lines.indexOf('* 1 EXPUNGE');
  const rmSeq = watcher.lines.indexOf('* ESEARCH (TAG "n") REMOVEFROM (2 1)');
  const rmUid = watcher.lines.indexOf('* ESEARCH (TAG "u") UID REMOVEFROM (2 1)');
  assert.ok(rmSeq >= 0 && rmSeq < at && rmUid >= 0, watcher.lines.join('\n'));
  await watcher.done();
  assert.match((await watcher.command('c', 'CANCELUPDATE "u" "n"')).at(-1)!, /^c OK/);
  watcher.close();
  other.close();
});

test('SORT RETURN (UPDATE): new deliveries are placed by sort key; own flag change', {
  timeout: 20_000,
}, async () => {
  // Messages now: 1 alpha (UID 2), 2 charlie (3), 3 bravo (4), 4 echo (5).
  const c = await selected();
  assert.deepEqual(await ask(c, 't', 'SORT RETURN (UPDATE COUNT) (SUBJECT) UTF-8 UNDELETED'), [
    '* ESEARCH (TAG "t") COUNT 4',
    't OK SORT completed',
  ]);
  for (const s of ['beta', 'aardvark', 'zulu']) await srv.deliver(message(s));
  // Messages 5 beta, 6 aardvark, 7 zulu. Order: 6 1 5 3 2 4 7.
  const r = await c.command('n', 'NOOP');
  const exists = r.indexOf('* 7 EXISTS');
  const add = r.indexOf('* ESEARCH (TAG "t") ADDTO (1 6 3 5 7 7)');
  assert.ok(exists >= 0 && add > exists, r.join('\n'));
  // This session's own STORE takes alpha (message 1, second after aardvark) out.
  const x = await c.command('x', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
  assert.ok(x.includes('* ESEARCH (TAG "t") REMOVEFROM (2 1)'), x.join('\n'));
  c.close();
});

test('UID SORT RETURN (UPDATE): own EXPUNGE sends positions before the EXPUNGEs', async () => {
  const c = await selected();
  assert.match((await c.command('d', 'EXPUNGE')).at(-1)!, /^d OK/); // alpha
  // By subject: aardvark 7, beta 6, bravo 4, charlie 3, echo 5, zulu 8.
  const first = await ask(c, 'a', 'UID SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 ALL');
  assert.deepEqual(first, ['* ESEARCH (TAG "a") UID ALL 7,6,4,3,5,8', 'a OK SORT completed']);
  const flagged = await c.command('f', 'UID STORE 3,6 +FLAGS.SILENT (\\Deleted)');
  assert.ok(!flagged.some((l) => l.startsWith('* ESEARCH')), flagged.join('\n'));
  const r = await c.command('e', 'UID EXPUNGE 3,6');
  assert.match(r.at(-1)!, /^e OK/);
  // beta at 2, then charlie at 3 once beta is gone.
  const rm = r.indexOf('* ESEARCH (TAG "a") UID REMOVEFROM (2 6 3 3)');
  assert.ok(rm >= 0 && rm < r.findIndex((l) => / EXPUNGE$/.test(l)), r.join('\n'));
  c.close();
});

// Python's imaplib as an independent client: it files untagged ESEARCH data under
// 'ESEARCH'; a second imaplib session appends (with \Flagged) and expunges.
const IMAPLIB = `
import imaplib, json, sys
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = {}
a = imaplib.IMAP4('127.0.0.1', port)
a.login(user, password)
a.create('Ctx')
b = imaplib.IMAP4('127.0.0.1', port)
b.login(user, password)
for s in ['mike', 'charlie', 'xray']:
    b.append('Ctx', '(\\\\Flagged)', None, ('Subject: %s\\r\\n\\r\\nx\\r\\n' % s).encode())
a.select('Ctx')
def esearch():
    return [x.decode() for x in a.response('ESEARCH')[1] if x]
a.uid('SORT', 'RETURN (UPDATE ALL)', '(SUBJECT)', 'UTF-8', 'FLAGGED')
out['first'] = esearch()
b.append('Ctx', '(\\\\Flagged)', None, b'Subject: kilo\\r\\n\\r\\nx\\r\\n')
b.append('Ctx', None, None, b'Subject: alpha\\r\\n\\r\\nx\\r\\n')
b.append('Ctx', '(\\\\Flagged)', None, b'Subject: alpha\\r\\n\\r\\nx\\r\\n')
a.noop()
out['added'] = esearch()
b.select('Ctx')
b.uid('STORE', '1', '+FLAGS', '(\\\\Deleted)')
b.expunge()
a.noop()
out['removed'] = esearch()
print(json.dumps(out))
`;

test('imaplib: UID SORT RETURN (UPDATE) sees another client append and expunge', {
  timeout: 30_000,
}, async () => {
  const r = await python(IMAPLIB, [String(srv.port), srv.user, srv.password]);
  assert.equal(r.code, 0, r.stderr.toString());
  const o = JSON.parse(r.stdout.toString()) as Record<string, string[]>;
  const tag = /^\(TAG ("[^"]+")\)/.exec(o.first?.[0] ?? '')?.[1];
  // UIDs 1 mike, 2 charlie, 3 xray: by subject 2, 1, 3.
  assert.deepEqual(o.first, [`(TAG ${tag}) UID ALL 2,1,3`]);
  // 4 kilo (between charlie and mike), 5 alpha unflagged, 6 alpha first.
  assert.deepEqual(o.added, [`(TAG ${tag}) UID ADDTO (1 6 3 4)`]);
  // mike (UID 1) was at position 4.
  assert.deepEqual(o.removed, [`(TAG ${tag}) UID REMOVEFROM (4 1)`]);
});
