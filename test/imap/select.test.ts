// SELECT / EXAMINE (+CONDSTORE, +QRESYNC), CLOSE, UNSELECT, CHECK, the SELECT loop guard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ limits: { maxSelects: 50 } });
  for (let i = 1; i <= 4; i++) await srv.deliver(message(`m${i}`));
});
after(async () => {
  await srv.stop();
});

test('SELECT INBOX reports FLAGS, EXISTS, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, UNSEEN, READ-WRITE', async () => {
  const inbox = await srv.mailbox('INBOX');
  const c = await RawImap.open(srv.port);
  await c.login();
  const r = (await c.command('a', 'SELECT inbox')).join('\n');
  assert.match(r, /^\* FLAGS \(\\Answered \\Flagged \\Deleted \\Seen \\Draft\)/m);
  assert.match(r, /^\* OK \[PERMANENTFLAGS \(.*\\\*\)\]/m);
  assert.match(r, /^\* 4 EXISTS$/m);
  // The first SELECT after delivery gets the new messages as \Recent (RFC 3501 §2.3.2).
  assert.match(r, /^\* 4 RECENT$/m);
  assert.match(r, /^\* OK \[UNSEEN 1\]/m);
  assert.match(r, new RegExp(`^\\* OK \\[UIDVALIDITY ${inbox.uidValidity}\\]`, 'm'));
  assert.match(r, new RegExp(`^\\* OK \\[UIDNEXT ${inbox.uidNext}\\]`, 'm'));
  assert.match(r, /^\* OK \[HIGHESTMODSEQ [1-9]\d*\]/m);
  assert.match(r, /^a OK \[READ-WRITE\]/m);
  const e = (await c.command('b', 'EXAMINE INBOX')).join('\n');
  assert.match(e, /^\* OK \[PERMANENTFLAGS \(\)\]/m);
  assert.match(e, /^b OK \[READ-ONLY\]/m);
  assert.match((await c.command('c', 'SELECT Nope')).at(-1)!, /^c NO \[NONEXISTENT\]/);
  // A failed SELECT leaves no mailbox selected (RFC 9051 §6.3.2).
  assert.match((await c.command('d', 'CHECK')).at(-1)!, /^d BAD/);
  c.close();
});

test('an empty mailbox has HIGHESTMODSEQ >= 1 and 0 EXISTS', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  const r = (await c.command('a', 'SELECT Archive (CONDSTORE)')).join('\n');
  assert.match(r, /^\* 0 EXISTS$/m);
  assert.match(r, /^\* OK \[HIGHESTMODSEQ [1-9]\d*\]/m);
  c.close();
});

test('IMAP4rev2 clients get a LIST response and no RECENT/UNSEEN', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  const caps = (await c.command('x', 'CAPABILITY'))[0]!;
  if (!/IMAP4rev2/.test(caps)) {
    // IMAP4rev2 is advertised only once every command is implemented.
    assert.match((await c.command('a', 'ENABLE IMAP4rev2')).join('\n'), /^\* ENABLED$/m);
    c.close();
    return;
  }
  await c.command('a', 'ENABLE IMAP4rev2');
  const r = (await c.command('b', 'SELECT INBOX')).join('\n');
  assert.match(r, /^\* LIST \(\) "\/" INBOX$/m);
  assert.doesNotMatch(r, /RECENT|UNSEEN/);
  c.close();
});

test('QRESYNC: VANISHED (EARLIER) and FETCH of changes since the given modseq', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  const enabled = (await c.command('a', 'ENABLE QRESYNC')).join('\n');
  if (!/ENABLED QRESYNC/.test(enabled)) {
    // QRESYNC needs FETCH MODSEQ (message commands); not advertised until then.
    assert.match((await c.command('b', 'SELECT INBOX (QRESYNC (1 1))')).at(-1)!, /^b BAD/);
    c.close();
    return;
  }
  const first = (await c.command('b', 'SELECT INBOX')).join('\n');
  const modseq = Number(/HIGHESTMODSEQ (\d+)/.exec(first)![1]);
  const uidValidity = Number(/UIDVALIDITY (\d+)/.exec(first)![1]);
  await c.command('c', 'UNSELECT');
  const inbox = await srv.mailbox('INBOX');
  await srv.core.messages.setFlags(srv.userId, inbox.id, [{ start: 2, end: 2 }], 'add', ['\\Flagged']);
  await srv.core.messages.remove(srv.userId, inbox.id, [{ start: 1, end: 1 }]);
  const r = (await c.command('d', `SELECT INBOX (QRESYNC (${uidValidity} ${modseq} 1:10))`)).join('\n');
  assert.match(r, /^\* VANISHED \(EARLIER\) 1$/m);
  assert.match(r, /^\* 1 FETCH \(UID 2 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/m);
  c.close();
});

test('CLOSE expunges \\Deleted silently; EXAMINE + CLOSE does not; UNSELECT never does', async () => {
  const box = await srv.core.mailboxes.create(srv.userId, 'CloseTest');
  for (let i = 0; i < 3; i++)
    await srv.core.messages.append(srv.userId, box.id, { source: [message(`c${i}`)], flags: ['\\Deleted'] });
  const c = await RawImap.open(srv.port);
  await c.login();
  await c.command('a', 'EXAMINE CloseTest');
  let r = await c.command('b', 'CLOSE');
  assert.match(r.at(-1)!, /^b OK/);
  assert.equal((await srv.core.mailboxes.require(srv.userId, 'CloseTest')).messages, 3);
  await c.command('c', 'SELECT CloseTest');
  assert.match((await c.command('d', 'UNSELECT')).at(-1)!, /^d OK/);
  assert.equal((await srv.core.mailboxes.require(srv.userId, 'CloseTest')).messages, 3);
  await c.command('e', 'SELECT CloseTest');
  r = await c.command('f', 'CLOSE');
  assert.equal(
    r.some((l) => /EXPUNGE/.test(l)),
    false,
  );
  assert.equal((await srv.core.mailboxes.require(srv.userId, 'CloseTest')).messages, 0);
  assert.match((await c.command('g', 'CLOSE')).at(-1)!, /^g BAD/);
  c.close();
});

test('imapflow opens mailboxes and sees counts', async () => {
  const client = flowClient(srv);
  await client.connect();
  const box = await client.mailboxOpen('INBOX');
  assert.ok(box.exists >= 3);
  assert.ok(Number(box.uidValidity) > 0);
  await client.mailboxClose();
  const ro = await client.mailboxOpen('Sent', { readOnly: true });
  assert.equal(ro.readOnly, true);
  await client.logout();
});

test('the SELECT loop guard ends the session with BYE', async () => {
  const guarded = await startTestServer({ limits: { maxSelects: 3 } });
  try {
    const c = await RawImap.open(guarded.port);
    await c.login();
    for (let i = 0; i < 3; i++) assert.match((await c.command(`s${i}`, 'SELECT INBOX')).at(-1)!, /OK/);
    const r = await c.command('x', 'SELECT INBOX');
    assert.match(r.join('\n'), /^\* BYE/m);
    assert.match(r.at(-1)!, /^x NO \[LIMIT\]/);
    await c.whenClosed();
  } finally {
    await guarded.stop();
  }
});
