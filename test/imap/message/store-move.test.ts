// STORE, COPY, MOVE, EXPUNGE and UID EXPUNGE through imapflow and a raw client, with a
// second session seeing each change; expungeMode 'trash'; CONDSTORE UNCHANGEDSINCE.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { RawImap } from '../helpers/raw-client.js';
import { flowClient } from './bytes-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

async function fill(n: number, prefix: string): Promise<void> {
  for (let i = 1; i <= n; i++) await srv.deliver(message(`${prefix} ${i}`));
}
const flow = () => flowClient(srv);
async function emptyInbox(): Promise<void> {
  const box = await srv.mailbox('INBOX');
  await srv.core.messages.remove(srv.userId, box.id, [{ start: 1, end: Number.POSITIVE_INFINITY }]);
}

test('STORE +FLAGS/-FLAGS/FLAGS(.SILENT), keywords, \\Recent ignored; a second session sees FETCH FLAGS', async () => {
  await emptyInbox();
  await fill(3, 'store');
  const a = await RawImap.selected(srv.port);
  const b = await RawImap.selected(srv.port);
  const r = (await a.command('a', 'STORE 1:2 +FLAGS (\\Flagged $Work)')).join('\n');
  assert.match(r, /^\* 1 FETCH \(FLAGS \(.*\\Flagged.*\)\)/m);
  assert.match(r, /\$Work/);
  assert.match((await a.command('b', 'STORE 1 -FLAGS.SILENT ($Work)')).join('\n'), /^b OK/m);
  assert.doesNotMatch((await a.command('c', 'STORE 2 FLAGS.SILENT (\\Seen)')).join('\n'), /FETCH/);
  // \Recent is not settable (RFC 9051 §2.3.2): refused by the parser.
  assert.match((await a.command('r', 'STORE 3 +FLAGS (\\Recent)')).at(-1)!, /^r BAD/);
  assert.match(
    (await a.command('d', 'STORE 3 +FLAGS (\\Answered)')).join('\n'),
    // A selected first, so the messages are \Recent to it (RFC 3501 §2.3.2); B sees none.
    /^\* 3 FETCH \(FLAGS \(\\Recent \\Answered\)\)/m,
  );
  assert.match((await a.command('e', 'STORE 1 +FLAGS (bad"kw)')).at(-1)!, /^e (BAD|NO)/);
  // The other session learns of the changes at its next command.
  const n = (await b.command('n', 'NOOP')).join('\n');
  assert.match(n, /^\* 2 FETCH \(FLAGS \(\\Seen\)\)/m);
  assert.match(n, /^\* 3 FETCH \(FLAGS \(\\Answered\)\)/m);
  const u = (await a.command('f', 'UID STORE 1:* +FLAGS (\\Draft)')).join('\n');
  assert.match(u, /^\* 1 FETCH \(UID \d+ FLAGS/m);
  a.close();
  b.close();
});

test('CONDSTORE: STORE UNCHANGEDSINCE gives [MODIFIED], MODSEQ in FETCH even with .SILENT', async () => {
  await emptyInbox();
  await fill(2, 'cond');
  const a = await RawImap.open(srv.port);
  await a.login();
  await a.command('s', 'SELECT INBOX (CONDSTORE)');
  const f = (await a.command('f', 'FETCH 1:2 (MODSEQ)')).join('\n');
  const m2 = Number(/^\* 2 FETCH \(MODSEQ \((\d+)\)\)/m.exec(f)![1]);
  const silent = (await a.command('a', 'STORE 1 +FLAGS.SILENT (\\Seen)')).join('\n');
  assert.match(silent, /^\* 1 FETCH \(MODSEQ \(\d+\)\)/m);
  const r = (await a.command('b', `STORE 1:2 (UNCHANGEDSINCE ${m2}) +FLAGS (\\Flagged)`)).join('\n');
  assert.match(r, /^b OK \[MODIFIED 1\]/m);
  assert.match(r, /^\* 2 FETCH \(FLAGS \((\\Recent )?\\Flagged\) MODSEQ \(\d+\)\)/m);
  a.close();
});

test('COPY with COPYUID, [TRYCREATE] for a missing mailbox; MOVE sends EXPUNGE before OK; the other session sees it', async () => {
  await emptyInbox();
  await fill(4, 'move');
  const a = await RawImap.selected(srv.port);
  const b = await RawImap.selected(srv.port);
  const archive = await srv.mailbox('Archive');
  const c = (await a.command('c', 'COPY 1:2 Archive')).at(-1)!;
  assert.match(c, new RegExp(`^c OK \\[COPYUID ${archive.uidValidity} \\d+:\\d+ \\d+:\\d+\\]`));
  assert.match((await a.command('t', 'COPY 1 Nowhere')).at(-1)!, /^t NO \[TRYCREATE\]/);
  const m = await a.command('m', 'MOVE 2:3 Archive');
  const joined = m.join('\n');
  assert.match(joined, /^\* OK \[COPYUID \d+ \d+:\d+ \d+:\d+\]/m);
  assert.deepEqual(
    m.filter((l) => / EXPUNGE$/.test(l)),
    ['* 3 EXPUNGE', '* 2 EXPUNGE'],
  );
  assert.match(m.at(-1)!, /^m OK/);
  // RFC 9051 §7.5.1: no EXPUNGE while answering FETCH by number; NOOP delivers them.
  const f = (await b.command('f', 'FETCH 1:* (FLAGS)')).join('\n');
  assert.doesNotMatch(f, /EXPUNGE/);
  const n = (await b.command('n', 'NOOP')).join('\n');
  assert.match(n, /^\* 3 EXPUNGE$/m);
  assert.match(n, /^\* 2 EXPUNGE$/m);
  assert.equal((await srv.mailbox('Archive')).messages, 4);
  a.close();
  b.close();
});

test('COPY and MOVE into the selected mailbox (RFC 6851 §3.1): new UIDs, EXPUNGE then EXISTS', async () => {
  await emptyInbox();
  await fill(3, 'self');
  const a = await RawImap.selected(srv.port);
  const inbox = await srv.mailbox('INBOX');
  const uids = (await a.command('u', 'UID FETCH 1:* (UID)')).flatMap((l) => /UID (\d+)/.exec(l)?.[1] ?? []);
  const c = await a.command('c', 'COPY 1 INBOX');
  assert.match(c.at(-1)!, new RegExp(`^c OK \\[COPYUID ${inbox.uidValidity} ${uids[0]} ${inbox.uidNext}\\]`));
  assert.ok(c.includes('* 4 EXISTS'), c.join('\n'));
  const m = await a.command('m', 'MOVE 1 INBOX');
  assert.deepEqual(m.slice(0, 3), [
    `* OK [COPYUID ${inbox.uidValidity} ${uids[0]} ${inbox.uidNext + 1}] Moved`,
    '* 1 EXPUNGE',
    '* 4 EXISTS',
  ]);
  assert.match(m.at(-1)!, /^m OK/);
  const f = await a.command('f', 'FETCH 4 (UID)');
  assert.ok(f.includes(`* 4 FETCH (UID ${inbox.uidNext + 1})`), f.join('\n'));
  assert.equal((await srv.mailbox('INBOX')).messages, 4);
  a.close();
});

test('EXPUNGE, UID EXPUNGE (UIDPLUS), read-only refusal, QRESYNC VANISHED', async () => {
  await emptyInbox();
  await fill(4, 'exp');
  const a = await RawImap.selected(srv.port);
  const uids = (await a.command('u', 'UID SEARCH ALL')).join('\n');
  const [u1, , u3, u4] = /^\* SEARCH (.*)$/m.exec(uids)![1]!.split(' ').map(Number);
  await a.command('d', 'STORE 1,3,4 +FLAGS.SILENT (\\Deleted)');
  const ue = await a.command('x', `UID EXPUNGE ${u4}`);
  assert.deepEqual(
    ue.filter((l) => /EXPUNGE$/.test(l)),
    ['* 4 EXPUNGE'],
  );
  const e = await a.command('y', 'EXPUNGE');
  assert.deepEqual(
    e.filter((l) => /EXPUNGE$/.test(l)),
    ['* 3 EXPUNGE', '* 1 EXPUNGE'],
  );
  assert.ok(u1 && u3);
  await a.command('z', 'EXAMINE INBOX');
  assert.match((await a.command('r', 'EXPUNGE')).at(-1)!, /^r NO/);
  // QRESYNC: VANISHED instead of EXPUNGE.
  await fill(2, 'q');
  a.close();
  const q = await RawImap.open(srv.port);
  await q.login();
  assert.match((await q.command('e', 'ENABLE QRESYNC')).join('\n'), /ENABLED QRESYNC/);
  await q.command('s2', 'SELECT INBOX');
  await q.command('d2', 'STORE 1:2 +FLAGS.SILENT (\\Deleted)');
  const v = (await q.command('v', 'EXPUNGE')).join('\n');
  assert.match(v, /^\* VANISHED \d+(:\d+|,\d+)?/m);
  assert.doesNotMatch(v, / EXPUNGE$/m);
  q.close();
});

test("expungeMode 'trash': EXPUNGE moves \\Deleted messages to Trash", async () => {
  await emptyInbox();
  await fill(1, 'protected');
  await srv.core.accounts.updateSettings(srv.userId, { expungeMode: 'trash' });
  const trashBefore = (await srv.mailbox('Trash')).messages;
  const c = flow();
  await c.connect();
  await c.mailboxOpen('INBOX');
  await c.messageDelete('1:*');
  assert.equal(c.mailbox && typeof c.mailbox !== 'boolean' ? c.mailbox.exists : -1, 0);
  await c.logout();
  assert.equal((await srv.mailbox('Trash')).messages, trashBefore + 1);
  await srv.core.accounts.updateSettings(srv.userId, { expungeMode: 'delete' });
});

test('imapflow: messageFlagsAdd/Remove, messageCopy, messageMove (UIDPLUS maps)', async () => {
  await emptyInbox();
  await fill(3, 'flow');
  const c = flow();
  await c.connect();
  await c.mailboxOpen('INBOX');
  assert.equal(await c.messageFlagsAdd('1:*', ['\\Seen', '$Label1']), true);
  assert.equal(await c.messageFlagsRemove('1', ['$Label1']), true);
  const f = await c.fetchOne('1', { flags: true });
  const flags = f ? f.flags : undefined;
  assert.ok(flags?.has('\\Seen'));
  assert.ok(!flags?.has('$Label1'));
  const cp = await c.messageCopy('1', 'Archive');
  assert.equal(cp ? cp.uidMap?.size : 0, 1);
  const mv = await c.messageMove('2:3', 'Archive');
  assert.equal(mv ? mv.uidMap?.size : 0, 2);
  assert.equal(c.mailbox && typeof c.mailbox !== 'boolean' ? c.mailbox.exists : -1, 1);
  await c.logout();
});
