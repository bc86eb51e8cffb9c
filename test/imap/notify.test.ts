// NOTIFY (RFC 5465) through a raw client: which event combinations are accepted, the
// initial STATUS of NOTIFY SET STATUS, and MessageNew fetch attributes for the selected
// mailbox (a second session or a delivery makes the change).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  await srv.core.mailboxes.create(srv.userId, 'Watched');
  const w = await srv.mailbox('Watched');
  await srv.core.messages.append(srv.userId, w.id, { source: [message('watched 1')] });
});
after(async () => {
  await srv.stop();
});

const loggedIn = () => RawImap.loggedIn(srv.port);

test('NOTIFY: §5 pairing rules apply to the selected mailbox; other mailboxes take any message event', async () => {
  const c = await loggedIn();
  // RFC 5465 §5: MessageNew/MessageExpunge together and FlagChange only with both, for SELECTED.
  assert.match((await c.command('a', 'NOTIFY SET (selected (MessageExpunge))')).at(-1)!, /^a BAD/);
  assert.match((await c.command('b', 'NOTIFY SET (selected (FlagChange))')).at(-1)!, /^b BAD/);
  assert.match((await c.command('c', 'NOTIFY SET (selected-delayed (MessageNew))')).at(-1)!, /^c BAD/);
  // Elsewhere every event is reported as one STATUS: any combination (as Dovecot).
  const e = await c.command('e', 'NOTIFY SET STATUS (mailboxes Watched (MessageExpunge))');
  assert.match(e.at(-1)!, /^e OK/);
  assert.ok(
    e.some((l) => /^\* STATUS Watched \(.*MESSAGES 1\b/.test(l)),
    e.join('\n'),
  );
  const f = await c.command('f', 'NOTIFY SET STATUS (mailboxes Watched (FlagChange))');
  assert.match(f.at(-1)!, /^f OK/);
  assert.ok(
    f.some((l) => /^\* STATUS Watched \(.*UIDVALIDITY \d+.*HIGHESTMODSEQ \d+/.test(l)),
    f.join('\n'),
  );
  // Without the STATUS indicator, no initial STATUS.
  const g = await c.command('g', 'NOTIFY SET (mailboxes Watched (MessageNew MessageExpunge FlagChange))');
  assert.deepEqual(g.length, 1, g.join('\n'));
  assert.match(g[0]!, /^g OK/);
  // Fetch attributes only for the selected mailbox (RFC 5465 §5.2: elsewhere STATUS only).
  assert.match(
    (await c.command('h', 'NOTIFY SET (mailboxes Watched (MessageNew (UID) MessageExpunge))')).at(-1)!,
    /^h BAD/,
  );
  // The selected mailbox gets no initial STATUS (§3.1: "a mailbox other than the selected").
  await c.command('s', 'SELECT Watched');
  const i = await c.command('i', 'NOTIFY SET STATUS (personal (MessageNew MessageExpunge))');
  assert.match(i.at(-1)!, /^i OK/);
  assert.ok(!i.some((l) => /^\* STATUS Watched /.test(l)), i.join('\n'));
  assert.ok(
    i.some((l) => /^\* STATUS INBOX /.test(l)),
    i.join('\n'),
  );
  c.close();
});

test('NOTIFY MessageNew with fetch attributes: EXISTS then FETCH of the new message, pushed (RFC 5465 §5.2)', async () => {
  await srv.core.mailboxes.create(srv.userId, 'Pushed');
  const c = await loggedIn();
  await c.command('s', 'SELECT Pushed');
  const r = await c.command(
    'n',
    'NOTIFY SET (selected (MessageNew (UID FLAGS BODY.PEEK[HEADER.FIELDS (Subject)]) MessageExpunge)) (personal (MessageNew MessageExpunge))',
  );
  assert.match(r.at(-1)!, /^n OK/);
  const box = await srv.mailbox('Pushed');
  const exists = c.waitFor(/^\* 1 EXISTS$/);
  await srv.core.messages.append(srv.userId, box.id, { source: [message('pushed subject')] });
  await exists;
  // The FETCH follows without any command; the header literal comes on the next lines.
  const f = await c.waitFor(/^\* 1 FETCH \(/);
  assert.match(f, /^\* 1 FETCH \(UID 1 FLAGS \(\\Recent\) BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/i);
  await c.waitFor(/^Subject: pushed subject$/);
  // Nothing was marked \Seen by the push.
  const after = await c.command('f', 'FETCH 1 (FLAGS)');
  assert.ok(after.includes('* 1 FETCH (FLAGS (\\Recent))'), after.join('\n'));
  // Other mailboxes: STATUS only, never FETCH.
  const inbox = await srv.mailbox('INBOX');
  const status = c.waitFor(/^\* STATUS INBOX \(/);
  await srv.core.messages.append(srv.userId, inbox.id, { source: [message('elsewhere')] });
  await status;
  const n = await c.command('z', 'NOOP');
  assert.ok(!n.some((l) => / FETCH /.test(l)), n.join('\n'));
  c.close();
});

test('NOTIFY MessageNew: no FETCH for messages the client added itself (APPEND, MULTIAPPEND, COPY, MOVE, REPLACE), EXISTS still sent (RFC 5465 §5.2)', async () => {
  await srv.core.mailboxes.create(srv.userId, 'Own');
  const c = await loggedIn();
  await c.command('s', 'SELECT Own');
  const n = await c.command(
    'n',
    'NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge)) (personal (MessageNew MessageExpunge))',
  );
  assert.match(n.at(-1)!, /^n OK/);
  const lit = (subject: string) => {
    const m = message(subject);
    return `{${Buffer.byteLength(m)}+}\r\n${m}`;
  };
  const a = await c.command('a', `APPEND Own ${lit('own one')}`);
  assert.match(a.at(-1)!, /^a OK \[APPENDUID \d+ 1\]/);
  assert.ok(a.includes('* 1 EXISTS'), a.join('\n'));
  const m = await c.command('m', `APPEND Own ${lit('own two')} ${lit('own three')}`);
  assert.match(m.at(-1)!, /^m OK \[APPENDUID \d+ 2:3\]/);
  assert.ok(m.includes('* 3 EXISTS'), m.join('\n'));
  // COPY and MOVE into the selected mailbox itself (RFC 6851 §3.1 allows it for MOVE).
  const cp = await c.command('c', 'COPY 1:2 Own');
  assert.match(cp.at(-1)!, /^c OK/);
  assert.ok(cp.includes('* 5 EXISTS'), cp.join('\n'));
  const mv = await c.command('v', 'MOVE 1 Own');
  assert.match(mv.at(-1)!, /^v OK/);
  assert.ok(mv.includes('* 1 EXPUNGE'), mv.join('\n'));
  assert.ok(mv.includes('* 5 EXISTS'), mv.join('\n'));
  const rp = await c.command('r', `REPLACE 1 Own ${lit('own replaced')}`);
  assert.match(rp.at(-1)!, /^r OK/);
  assert.ok(rp.includes('* 5 EXISTS'), rp.join('\n'));
  // A message from someone else still gets its FETCH, pushed without a command.
  const box = await srv.mailbox('Own');
  const pushed = c.waitFor(/^\* 6 FETCH \(UID 8 FLAGS/);
  await srv.core.messages.append(srv.userId, box.id, { source: [message('from elsewhere')] });
  await pushed;
  const z = await c.command('z', 'NOOP');
  assert.match(z.at(-1)!, /^z OK/);
  // Nothing the client added itself was fetched for it, then or later.
  const fetches = c.lines.filter((l) => /^\* \d+ FETCH /.test(l));
  assert.deepEqual(
    fetches.map((l) => /UID (\d+)/.exec(l)?.[1]),
    ['8'],
    fetches.join('\n'),
  );
  c.close();
});
