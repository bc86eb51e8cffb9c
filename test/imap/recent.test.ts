// \Recent (RFC 3501 §2.3.2, §6.3.1, §7.3.2) with two and more sessions: exactly one
// session gets each new message as recent (the first read-write SELECT after it arrived,
// or the selected session that hears of it first); EXAMINE shows without claiming; STATUS
// RECENT counts the unclaimed; SEARCH RECENT/NEW/OLD; none for IMAP4rev2 sessions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

async function session(): Promise<RawImap> {
  const c = await RawImap.open(srv.port);
  await c.login();
  return c;
}

async function freshBox(name: string, messages: number): Promise<void> {
  await srv.core.mailboxes.create(srv.userId, name);
  for (let i = 1; i <= messages; i++) await add(name, i);
}

async function add(name: string, i: number): Promise<void> {
  const box = await srv.mailbox(name);
  await srv.core.messages.append(srv.userId, box.id, { source: [message(`${name} ${i}`)] });
}

const recentLine = (lines: string[]) => lines.find((l) => /^\* \d+ RECENT$/.test(l)) ?? null;
const flagsOf = (lines: string[], seq: number) =>
  new RegExp(`^\\* ${seq} FETCH \\(FLAGS \\(([^)]*)\\)\\)$`).exec(
    lines.find((l) => l.startsWith(`* ${seq} FETCH`)) ?? '',
  )?.[1];

test('the first read-write SELECT gets \\Recent; a second session does not; EXAMINE only looks', async () => {
  await freshBox('R1', 2);
  const s = await session();
  // STATUS RECENT counts messages no session has claimed (RFC 3501 §6.3.10).
  assert.ok(
    (await s.command('st', 'STATUS R1 (RECENT MESSAGES)')).includes('* STATUS R1 (RECENT 2 MESSAGES 2)'),
  );
  // EXAMINE shows them as recent but leaves them for the next SELECT (imaptest "select").
  const ex = await s.command('e', 'EXAMINE R1');
  assert.equal(recentLine(ex), '* 2 RECENT');
  assert.match(flagsOf(await s.command('f', 'FETCH 1 (FLAGS)'), 1) ?? '', /\\Recent/);
  await s.command('c', 'CLOSE');
  assert.ok((await s.command('st2', 'STATUS R1 (RECENT)')).includes('* STATUS R1 (RECENT 2)'));

  const a = await session();
  const b = await session();
  assert.equal(recentLine(await a.command('s', 'SELECT R1')), '* 2 RECENT');
  assert.equal(recentLine(await b.command('s', 'SELECT R1')), '* 0 RECENT');
  assert.equal(flagsOf(await a.command('f', 'FETCH 2 (FLAGS)'), 2), '\\Recent');
  assert.equal(flagsOf(await b.command('f', 'FETCH 2 (FLAGS)'), 2), '');
  assert.ok((await s.command('st3', 'STATUS R1 (RECENT)')).includes('* STATUS R1 (RECENT 0)'));
  // Reselecting does not bring them back: they are no longer new to anyone.
  assert.equal(recentLine(await a.command('s2', 'SELECT R1')), '* 0 RECENT');
  for (const c of [s, a, b]) c.close();
});

test('a message arriving while two sessions have the mailbox selected is recent in exactly one', async () => {
  await freshBox('R2', 1);
  const a = await session();
  const b = await session();
  await a.command('s', 'SELECT R2');
  await b.command('s', 'SELECT R2');
  await add('R2', 2);
  // A hears of it first (NOOP): EXISTS with the recent count, and \Recent in its FETCH.
  const na = await a.command('n', 'NOOP');
  assert.ok(na.includes('* 2 EXISTS') && na.includes('* 2 RECENT'), na.join('\n'));
  const nb = await b.command('n', 'NOOP');
  assert.ok(nb.includes('* 2 EXISTS') && nb.includes('* 0 RECENT'), nb.join('\n'));
  assert.match(flagsOf(await a.command('f', 'FETCH 2 (FLAGS)'), 2) ?? '', /\\Recent/);
  assert.doesNotMatch(flagsOf(await b.command('f', 'FETCH 2 (FLAGS)'), 2) ?? 'x', /\\Recent/);
  // Flag changes by B reach A with \Recent kept; STORE answers keep it too.
  await b.command('st', 'STORE 2 +FLAGS (\\Flagged)');
  const seenByA = await a.command('n2', 'NOOP');
  assert.ok(
    seenByA.some((l) => /^\* 2 FETCH \(FLAGS \(\\Recent \\Flagged\)\)$/.test(l)),
    seenByA.join('\n'),
  );
  const st = await a.command('st', 'STORE 2 +FLAGS (\\Seen)');
  assert.ok(
    st.some((l) => /^\* 2 FETCH \(FLAGS \(\\Recent .*\\Seen/.test(l)),
    st.join('\n'),
  );
  // \Recent cannot be stored by a client; it stays the server's.
  await a.command('st2', 'STORE 2 -FLAGS (\\Recent)');
  assert.match(flagsOf(await a.command('f2', 'FETCH 2 (FLAGS)'), 2) ?? '', /\\Recent/);
  a.close();
  b.close();
});

test('in IDLE, many deliveries to two idling sessions: each message recent exactly once', async () => {
  await freshBox('R3', 0);
  const a = await session();
  const b = await session();
  await a.command('s', 'SELECT R3');
  await b.command('s', 'SELECT R3');
  for (const c of [a, b]) {
    c.send('i IDLE\r\n');
    await c.waitFor(/^\+ /);
  }
  for (let i = 1; i <= 10; i++) await add('R3', i);
  await a.waitFor(/^\* 10 EXISTS$/);
  await b.waitFor(/^\* 10 EXISTS$/);
  for (const c of [a, b]) {
    c.send('DONE\r\n');
    await c.waitFor(/^i OK/);
  }
  const recentIn = async (c: RawImap) =>
    (await c.command('f', 'FETCH 1:* (FLAGS)')).filter((l) => /\\Recent/.test(l)).length;
  const ra = await recentIn(a);
  const rb = await recentIn(b);
  assert.equal(ra + rb, 10, `a ${ra} + b ${rb}`);
  a.close();
  b.close();
});

test("SEARCH RECENT, NEW and OLD use the session's recent messages", async () => {
  await freshBox('R4', 3);
  const a = await session();
  await a.command('s', 'SELECT R4');
  await a.command('st', 'STORE 1 +FLAGS (\\Seen)');
  await add('R4', 4);
  await a.command('n', 'NOOP');
  const b = await session();
  await b.command('s', 'SELECT R4'); // nothing left to claim
  assert.ok((await a.command('r', 'SEARCH RECENT')).includes('* SEARCH 1 2 3 4'));
  assert.ok((await a.command('w', 'SEARCH NEW')).includes('* SEARCH 2 3 4'));
  assert.ok((await a.command('o', 'SEARCH OLD')).includes('* SEARCH'));
  assert.ok((await b.command('r', 'SEARCH RECENT')).includes('* SEARCH'));
  assert.ok((await b.command('o', 'SEARCH OLD')).includes('* SEARCH 1 2 3 4'));
  a.close();
  b.close();
});

test('IMAP4rev2 sessions have no \\Recent and claim nothing (RFC 9051 Appendix E)', async () => {
  await freshBox('R5', 2);
  const v2 = await session();
  await v2.command('e', 'ENABLE IMAP4rev2');
  const sel = await v2.command('s', 'SELECT R5');
  assert.equal(recentLine(sel), null);
  assert.equal(flagsOf(await v2.command('f', 'FETCH 1 (FLAGS)'), 1), '');
  await add('R5', 3);
  const n = await v2.command('n', 'NOOP');
  assert.ok(n.includes('* 3 EXISTS') && !n.some((l) => / RECENT$/.test(l)), n.join('\n'));
  // The messages are still recent for the next IMAP4rev1 session.
  const v1 = await session();
  assert.equal(recentLine(await v1.command('s', 'SELECT R5')), '* 3 RECENT');
  v1.close();
  v2.close();
});

test('a keyword new to the session is announced in FLAGS and PERMANENTFLAGS before a FETCH shows it', async () => {
  await freshBox('K1', 2);
  const a = await session();
  const b = await session();
  const sel = await a.command('s', 'SELECT K1');
  assert.ok(sel.includes('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)'), sel.join('\n'));
  await b.command('s', 'SELECT K1');
  // Another session's STORE brings a new keyword: FLAGS first, then the FETCH.
  await b.command('k', 'STORE 1 +FLAGS ($Fresh)');
  const n = await a.command('n', 'NOOP');
  const flagsAt = n.indexOf('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Fresh)');
  const permAt = n.findIndex((l) => /^\* OK \[PERMANENTFLAGS \(.*\$Fresh \\\*\)\]/.test(l));
  const fetchAt = n.findIndex((l) => /^\* 1 FETCH \(FLAGS \(.*\$Fresh\)\)$/.test(l));
  assert.ok(flagsAt >= 0 && permAt > flagsAt && fetchAt > permAt, n.join('\n'));
  // This session's own STORE of a new keyword: the same, before its FETCH.
  const st = await a.command('t', 'STORE 2 +FLAGS ($Own)');
  const f2 = st.findIndex((l) => /^\* FLAGS \(.*\$Own\)$/.test(l));
  const x2 = st.findIndex((l) => /^\* 2 FETCH \(FLAGS \(.*\$Own\)\)$/.test(l));
  assert.ok(f2 >= 0 && x2 > f2, st.join('\n'));
  // Already announced: no FLAGS again.
  assert.ok(!(await a.command('t2', 'STORE 1 +FLAGS ($Own)')).some((l) => l.startsWith('* FLAGS')));
  // A message copied in with a keyword the session has not seen: FLAGS before FETCH FLAGS.
  await freshBox('K2', 1);
  const k2 = await srv.mailbox('K2');
  await srv.core.messages.setFlags(srv.userId, k2.id, [{ start: 1, end: 1 }], 'add', ['$Copied']);
  await b.command('s2', 'SELECT K2');
  await b.command('c', 'COPY 1 K1');
  const n2 = await a.command('n2', 'NOOP');
  assert.ok(
    n2.some((l) => /^\* FLAGS \(.*\$Copied\)$/.test(l)),
    n2.join('\n'),
  );
  a.close();
  b.close();
});
