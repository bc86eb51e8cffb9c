// UIDONLY (RFC 9586) through a raw socket client (exact bytes) and Python's imaplib:
// sequence-number commands are BAD [UIDREQUIRED], FETCH data comes as UIDFETCH, expunges
// as VANISHED, SEARCH programs with message numbers are refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { python } from '../pop3/helpers/clients.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

/** A fresh user with `n` messages in INBOX (UIDs 1..n), logged in with UIDONLY enabled. */
async function uidOnlySession(address: string, n: number, select = 'SELECT INBOX'): Promise<RawImap> {
  await srv.addUser(address);
  for (let i = 1; i <= n; i++) await srv.deliver(message(`m${i}`), address);
  // A first session takes the messages' \Recent (RFC 3501 §2.3.2, see recent.test.ts), so
  // the exact lines below show the stored flags only.
  const first = await RawImap.open(srv.port);
  await first.login(address);
  await first.command('s', 'SELECT INBOX');
  await first.command('l', 'LOGOUT');
  first.close();
  const c = await RawImap.open(srv.port);
  await c.login(address);
  assert.deepEqual(await c.command('e', 'ENABLE UIDONLY'), ['* ENABLED UIDONLY', 'e OK ENABLE completed']);
  if (select) assert.match((await c.command('s', select)).at(-1)!, /^s OK/);
  return c;
}

const last = (r: string[]) => r[r.length - 1]!;

test('UIDONLY is advertised after login only, and ENABLE turns it on once', async () => {
  const c = await RawImap.open(srv.port);
  assert.doesNotMatch((await c.command('a', 'CAPABILITY'))[0]!, /UIDONLY/);
  await c.login();
  assert.match((await c.command('b', 'CAPABILITY'))[0]!, / UIDONLY( |$)/);
  assert.deepEqual(await c.command('c', 'ENABLE UIDONLY'), ['* ENABLED UIDONLY', 'c OK ENABLE completed']);
  assert.deepEqual(await c.command('d', 'ENABLE UIDONLY'), ['* ENABLED', 'd OK ENABLE completed']);
  c.close();
});

test('every command that takes message numbers is BAD [UIDREQUIRED]; UID forms work', async () => {
  const c = await uidOnlySession('seq@example.test', 3);
  for (const cmd of [
    'FETCH 1 (FLAGS)',
    'FETCH 1:* (UID)',
    'STORE 1 +FLAGS (\\Seen)',
    'SEARCH ALL',
    'COPY 1 Sent',
    'MOVE 1 Sent',
    'SORT (DATE) UTF-8 ALL',
    'THREAD REFERENCES UTF-8 ALL',
    'UID SEARCH 1:2',
    'UID SEARCH NOT 1',
    'UID SEARCH OR SEEN (UNSEEN 2)',
    'UID SORT (DATE) UTF-8 1:*',
  ]) {
    const r = await c.command('x', cmd);
    assert.equal(r.length, 1, `${cmd}: ${r.join(' | ')}`);
    assert.match(r[0]!, /^x BAD \[UIDREQUIRED\] /, cmd);
  }
  // Nothing was changed by the refused commands.
  assert.deepEqual(await c.command('f', 'UID FETCH 1:* (FLAGS)'), [
    '* 1 UIDFETCH (FLAGS ())',
    '* 2 UIDFETCH (FLAGS ())',
    '* 3 UIDFETCH (FLAGS ())',
    'f OK FETCH completed',
  ]);
  assert.deepEqual(await c.command('g', 'UID SEARCH UID 2:* UNSEEN'), [
    '* SEARCH 2 3',
    'g OK SEARCH completed',
  ]);
  assert.deepEqual(await c.command('h', 'UID SEARCH RETURN (COUNT) ALL'), [
    '* ESEARCH (TAG "h") UID COUNT 3',
    'h OK SEARCH completed',
  ]);
  assert.deepEqual(await c.command('h', 'UID SEARCH RETURN (MIN SAVE) ALL'), [
    '* ESEARCH (TAG "h") UID MIN 1',
    'h OK SEARCH completed',
  ]);
  // `$` holds UIDs, not message numbers: allowed.
  assert.deepEqual(await c.command('i', 'UID SEARCH $'), ['* SEARCH 1', 'i OK SEARCH completed']);
  assert.match(last(await c.command('j', 'UID SORT (SUBJECT) UTF-8 ALL')), /^j OK/);
  c.close();
});

test('FETCH data is UIDFETCH, without UID unless asked; STORE answers with UIDFETCH', async () => {
  const c = await uidOnlySession('fetch@example.test', 2);
  assert.deepEqual(await c.command('a', 'UID FETCH 2 (UID FLAGS)'), [
    '* 2 UIDFETCH (UID 2 FLAGS ())',
    'a OK FETCH completed',
  ]);
  const body = await c.command('b', 'UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
  assert.match(body[0]!, /^\* 1 UIDFETCH \(BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/);
  assert.equal(body[1], 'Subject: m1');
  // A non-PEEK body fetch sets \Seen and reports FLAGS in the same UIDFETCH.
  const seen = await c.command('c', 'UID FETCH 2 (BODY[TEXT])');
  assert.match(seen[0]!, /^\* 2 UIDFETCH \(BODY\[TEXT\] \{8\}$/);
  assert.equal(seen[1], 'Hello.');
  assert.equal(seen[2], ' FLAGS (\\Seen))');
  assert.deepEqual(await c.command('d', 'UID STORE 1 +FLAGS (\\Flagged)'), [
    '* 1 UIDFETCH (FLAGS (\\Flagged))',
    'd OK STORE completed',
  ]);
  assert.deepEqual(await c.command('e', 'UID STORE 1 +FLAGS.SILENT (\\Answered)'), ['e OK STORE completed']);
  // CONDSTORE adds MODSEQ; still no message number anywhere.
  // (CHANGEDSINCE enables CONDSTORE while selected: an untagged HIGHESTMODSEQ comes first.)
  const cs = (await c.command('f', 'UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1)')).filter(
    (l) => !/^\* OK /.test(l),
  );
  assert.match(cs[0]!, /^\* 1 UIDFETCH \(FLAGS \(\\Answered \\Flagged\) MODSEQ \(\d+\)\)$/);
  assert.match(cs[1]!, /^\* 2 UIDFETCH \(FLAGS \(\\Seen\) MODSEQ \(\d+\)\)$/);
  c.close();
});

test('expunges are VANISHED: own EXPUNGE, UID MOVE, and another session’s, with UIDFETCH flag changes', async () => {
  const c = await uidOnlySession('exp@example.test', 4);
  await c.command('a', 'UID STORE 1 +FLAGS.SILENT (\\Deleted)');
  assert.deepEqual(await c.command('b', 'EXPUNGE'), ['* VANISHED 1', 'b OK EXPUNGE completed']);
  const moved = await c.command('c', 'UID MOVE 2 Sent');
  assert.match(moved[0]!, /^\* OK \[COPYUID \d+ 2 1\] /);
  assert.deepEqual(moved.slice(1), ['* VANISHED 2', 'c OK MOVE completed']);

  // Another session (no UIDONLY) changes flags, expunges and delivers.
  const other = await RawImap.open(srv.port);
  await other.login('exp@example.test');
  await other.command('s', 'SELECT INBOX');
  await other.command('t', 'UID STORE 3 +FLAGS (\\Seen)');
  await other.command('u', 'UID STORE 4 +FLAGS.SILENT (\\Deleted)');
  await other.command('v', 'UID EXPUNGE 4');
  await srv.deliver(message('m5'), 'exp@example.test');
  other.close();
  assert.deepEqual(await c.command('d', 'NOOP'), [
    '* VANISHED 4',
    '* 2 EXISTS',
    '* 1 RECENT', // m5: this session is the first to see it
    '* 3 UIDFETCH (FLAGS (\\Seen))',
    'd OK NOOP completed',
  ]);
  c.close();
});

test('IDLE pushes UIDFETCH and VANISHED', async () => {
  const c = await uidOnlySession('idle@example.test', 2);
  c.send('i IDLE\r\n');
  await c.waitFor(/^\+ /);
  const other = await RawImap.open(srv.port);
  await other.login('idle@example.test');
  await other.command('s', 'SELECT INBOX');
  await other.command('t', 'UID STORE 2 +FLAGS (\\Flagged)');
  assert.equal(await c.waitFor(/UIDFETCH/), '* 2 UIDFETCH (FLAGS (\\Flagged))');
  await other.command('u', 'UID STORE 1 +FLAGS.SILENT (\\Deleted)');
  await other.command('v', 'EXPUNGE');
  assert.equal(await c.waitFor(/VANISHED/), '* VANISHED 1');
  other.close();
  c.send('DONE\r\n');
  await c.waitFor(/^i OK/);
  c.close();
});

test('SELECT: no UNSEEN number; QRESYNC resync is UIDFETCH, and seq-match data is refused', async () => {
  const c = await uidOnlySession('qr@example.test', 3, '');
  const sel = await c.command('s', 'SELECT INBOX');
  assert.equal(
    sel.find((l) => /UNSEEN/.test(l)),
    undefined,
    sel.join('\n'),
  );
  const uv = /UIDVALIDITY (\d+)/.exec(sel.join('\n'))![1]!;
  await c.command('f', 'UID STORE 2 +FLAGS.SILENT (\\Seen)');
  await c.command('g', 'UID STORE 3 +FLAGS.SILENT (\\Deleted)');
  await c.command('h', 'EXPUNGE');
  assert.match(last(await c.command('q', 'ENABLE QRESYNC')), /^q BAD/); // only before SELECT
  await c.command('u', 'UNSELECT');
  assert.deepEqual(await c.command('k', 'ENABLE QRESYNC'), ['* ENABLED QRESYNC', 'k OK ENABLE completed']);
  assert.match(
    last(await c.command('b', `SELECT INBOX (QRESYNC (${uv} 1 1:3 (1:2 1:2)))`)),
    /^b BAD \[UIDREQUIRED\] /,
  );
  const r = await c.command('r', `SELECT INBOX (QRESYNC (${uv} 1 1:3))`);
  assert.ok(r.includes('* VANISHED (EARLIER) 3'), r.join('\n'));
  assert.ok(
    r.some((l) => /^\* 2 UIDFETCH \(FLAGS \(\\Seen\) MODSEQ \(\d+\)\)$/.test(l)),
    r.join('\n'),
  );
  assert.equal(
    r.find((l) => / FETCH /.test(l)),
    undefined,
    r.join('\n'),
  );
  c.close();
});

const IMAPLIB = `
import imaplib, json, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login(sys.argv[2], 'Secret-1')
out = {}
out['caps'] = 'UIDONLY' in m.capability()[1][0].decode().split()
out['enable'] = [m.enable('UIDONLY')[0], [x.decode() for x in m.response('ENABLED')[1]]]
m.select('INBOX')
try:
    m.fetch('1', '(FLAGS)')
    out['fetch'] = 'accepted'
except imaplib.IMAP4.error as e:
    out['fetch'] = str(e)
typ, _ = m.uid('FETCH', '1:*', '(FLAGS)')
out['uid_fetch'] = [typ, [x.decode() for x in m.response('UIDFETCH')[1]]]
typ, data = m.uid('SEARCH', None, 'ALL')
out['uid_search'] = [typ, data[0].decode()]
m.uid('STORE', '1', '+FLAGS', '(\\\\Deleted)')
out['store'] = [x.decode() for x in m.response('UIDFETCH')[1]]
typ, _ = m.expunge()
out['expunge'] = [typ, [x.decode() for x in m.response('VANISHED')[1]]]
m.logout()
print(json.dumps(out))
`;

test('imaplib: ENABLE UIDONLY, FETCH refused with UIDREQUIRED, UID FETCH gives UIDFETCH, EXPUNGE gives VANISHED', async () => {
  const address = 'py@example.test';
  await srv.addUser(address);
  for (const s of ['p1', 'p2']) await srv.deliver(message(s), address);
  const r = await python(IMAPLIB, [String(srv.port), address]);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
  assert.equal(o.caps, true);
  assert.deepEqual(o.enable, ['OK', ['UIDONLY']]);
  assert.match(o.fetch as string, /FETCH command error: BAD \[b'\[UIDREQUIRED\] /);
  // imaplib's session is the first to select: both messages are \Recent to it (IMAP4rev1).
  assert.deepEqual(o.uid_fetch, ['OK', ['1 (FLAGS (\\Recent))', '2 (FLAGS (\\Recent))']]);
  assert.deepEqual(o.uid_search, ['OK', '1 2']);
  assert.deepEqual(o.store, ['1 (FLAGS (\\Recent \\Deleted))']);
  assert.deepEqual(o.expunge, ['OK', ['1']]);
});
