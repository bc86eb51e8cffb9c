// LIST (+LIST-EXTENDED, LIST-STATUS, SPECIAL-USE, CHILDREN), LSUB, CREATE (+USE),
// DELETE, RENAME, SUBSCRIBE/UNSUBSCRIBE, STATUS, modified UTF-7 and UTF8=ACCEPT names.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
let c: RawImap;
before(async () => {
  srv = await startTestServer();
  await srv.deliver(message('one'));
  c = await RawImap.open(srv.port);
  await c.login();
});
after(async () => {
  c.close();
  await srv.stop();
});

const lines = async (tag: string, cmd: string) => {
  const r = await c.command(tag, cmd);
  assert.match(r.at(-1)!, new RegExp(`^${tag} OK`), r.join('\n'));
  return r.slice(0, -1);
};

test('LIST "" "" returns the delimiter; LIST "" * lists the standard folders with special use', async () => {
  assert.deepEqual(await lines('a', 'LIST "" ""'), ['* LIST (\\Noselect) "/" ""']);
  const all = await lines('b', 'LIST "" *');
  assert.deepEqual(all, [
    '* LIST (\\HasNoChildren) "/" INBOX',
    '* LIST (\\HasNoChildren \\Archive) "/" Archive',
    '* LIST (\\HasNoChildren \\Drafts) "/" Drafts',
    '* LIST (\\HasNoChildren \\Junk) "/" Junk',
    '* LIST (\\HasNoChildren \\Sent) "/" Sent',
    '* LIST (\\HasNoChildren \\Trash) "/" Trash',
  ]);
});

test('CREATE makes parents, % does not cross the delimiter, \\HasChildren is set', async () => {
  await lines('a', 'CREATE Work/Projects/2026');
  const top = await lines('b', 'LIST "" %');
  assert.ok(top.includes('* LIST (\\HasChildren) "/" Work'), top.join('\n'));
  assert.ok(!top.some((l) => l.includes('Projects')));
  const sub = await lines('c', 'LIST Work/ %');
  assert.deepEqual(sub, ['* LIST (\\HasChildren) "/" Work/Projects']);
  // Parents made on the way are not subscribed; CREATE subscribes, then refuses.
  assert.match((await c.command('d', 'CREATE Work')).at(-1)!, /^d OK/);
  assert.match((await c.command('d2', 'CREATE Work')).at(-1)!, /^d2 NO \[ALREADYEXISTS\]/);
  assert.match((await c.command('e', 'CREATE INBOX')).at(-1)!, /^e NO/);
});

test('CREATE of an existing unsubscribed mailbox subscribes it', async () => {
  await lines('a', 'CREATE Hidden');
  await lines('b', 'UNSUBSCRIBE Hidden');
  assert.deepEqual(await lines('c', 'LSUB "" Hidden'), []);
  const r = await c.command('d', 'CREATE Hidden');
  assert.match(r.at(-1)!, /^d OK/);
  assert.deepEqual(await lines('e', 'LSUB "" Hidden'), ['* LSUB (\\HasNoChildren) "/" Hidden']);
});

test('CREATE with USE sets the special use; an unknown use is NO [USEATTR]', async () => {
  await lines('a', 'CREATE Important (USE (\\Flagged))');
  assert.deepEqual(await lines('b', 'LIST (SPECIAL-USE) "" Important'), [
    '* LIST (\\HasNoChildren \\Flagged) "/" Important',
  ]);
  assert.match((await c.command('c', 'CREATE Odd (USE (\\Bogus))')).at(-1)!, /^c NO \[USEATTR\]/);
});

test('LIST-EXTENDED: SUBSCRIBED selection, RETURN (SUBSCRIBED CHILDREN STATUS), \\NonExistent', async () => {
  await lines('a', 'CREATE Gone');
  await lines('b', 'DELETE Gone');
  await lines('c', 'SUBSCRIBE Gone'); // a subscription that outlives its mailbox
  const subs = await lines('d', 'LIST (SUBSCRIBED) "" "*" RETURN (CHILDREN)');
  assert.ok(subs.includes('* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" Gone'), subs.join('\n'));
  assert.ok(subs.includes('* LIST (\\HasNoChildren \\Subscribed \\Sent) "/" Sent'));
  const st = await lines('e', 'LIST "" INBOX RETURN (SUBSCRIBED STATUS (MESSAGES UIDNEXT SIZE))');
  assert.equal(st[0], '* LIST (\\HasNoChildren \\Subscribed) "/" INBOX');
  assert.match(st[1]!, /^\* STATUS INBOX \(MESSAGES 1 UIDNEXT 2 SIZE \d+\)$/);
  const special = await lines('f', 'LIST (SPECIAL-USE) "" *');
  assert.ok(special.every((l) => /\\(Sent|Drafts|Trash|Junk|Archive|Flagged)/.test(l)));
  assert.ok(special.length >= 5);
});

test('RECURSIVEMATCH reports unsubscribed parents with CHILDINFO', async () => {
  await lines('a', 'CREATE Parent/Child');
  await lines('b', 'UNSUBSCRIBE Parent');
  const r = await lines('c', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" %');
  assert.ok(r.includes('* LIST (\\HasChildren) "/" Parent ("CHILDINFO" ("SUBSCRIBED"))'), r.join('\n'));
  assert.match((await c.command('d', 'LIST (RECURSIVEMATCH) "" %')).at(-1)!, /^d BAD/);
  // RFC 5258 §3.5: CHILDINFO names a subscribed descendant the patterns do not list, also
  // on a subscribed parent (§5 example 9); a child listed itself needs none.
  await lines('e', 'CREATE Sp/Sc');
  await lines('e2', 'SUBSCRIBE Sp');
  assert.deepEqual(await lines('f', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" Sp'), [
    '* LIST (\\HasChildren \\Subscribed) "/" Sp ("CHILDINFO" ("SUBSCRIBED"))',
  ]);
  assert.deepEqual(await lines('g', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" (Parent Parent/Child)'), [
    '* LIST (\\HasNoChildren \\Subscribed) "/" Parent/Child',
  ]);
});

test('LSUB marks unsubscribed parents and deleted mailboxes \\Noselect', async () => {
  await lines('a', 'CREATE Lp/Lc');
  await lines('b', 'UNSUBSCRIBE Lp');
  assert.deepEqual(await lines('c', 'LSUB "" Lp%'), ['* LSUB (\\Noselect \\HasChildren) "/" Lp']);
  assert.deepEqual(await lines('d', 'LSUB "" Lp/*'), ['* LSUB (\\HasNoChildren) "/" Lp/Lc']);
});

test('RENAME moves children and the subscription; renaming INBOX moves its messages', async () => {
  await lines('a', 'CREATE Old/Kid');
  await lines('b', 'RENAME Old New');
  const r = await lines('c', 'LIST "" New*');
  assert.deepEqual(r, ['* LIST (\\HasChildren) "/" New', '* LIST (\\HasNoChildren) "/" New/Kid']);
  assert.deepEqual(await lines('d', 'LIST "" Old*'), []);
  assert.match((await c.command('e', 'RENAME Missing Other')).at(-1)!, /^e NO \[NONEXISTENT\]/);
  assert.match((await c.command('f', 'RENAME New Sent')).at(-1)!, /^f NO \[ALREADYEXISTS\]/);
  await lines('g', 'RENAME INBOX OldInbox');
  const st = await lines('h', 'STATUS OldInbox (MESSAGES)');
  assert.equal(st[0], '* STATUS OldInbox (MESSAGES 1)');
  assert.equal((await lines('i', 'STATUS INBOX (MESSAGES)'))[0], '* STATUS INBOX (MESSAGES 0)');
});

test('DELETE: INBOX refused, missing is NONEXISTENT, a parent keeps its children', async () => {
  assert.match((await c.command('a', 'DELETE INBOX')).at(-1)!, /^a NO/);
  assert.match((await c.command('b', 'DELETE NoSuch')).at(-1)!, /^b NO \[NONEXISTENT\]/);
  await lines('c', 'CREATE Dp/Dc');
  await lines('d', 'DELETE Dp');
  const r = await lines('e', 'LIST "" Dp*');
  assert.equal(r.length, 2, r.join('\n'));
  assert.match(r[0]!, /^\* LIST \(\\(NonExistent|Noselect) \\HasChildren\) "\/" Dp$/);
});

test('STATUS of every item, also on the selected mailbox, with no state change', async () => {
  const st = await lines(
    'a',
    'STATUS Sent (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ RECENT APPENDLIMIT MAILBOXID)',
  );
  assert.match(
    st[0]!,
    /^\* STATUS Sent \(MESSAGES 0 UIDNEXT 1 UIDVALIDITY \d+ UNSEEN 0 DELETED 0 SIZE 0 HIGHESTMODSEQ [1-9]\d* RECENT 0 APPENDLIMIT \d+ MAILBOXID \([\w-]+\)\)$/,
  );
  assert.match((await c.command('b', 'STATUS Nope (MESSAGES)')).at(-1)!, /^b NO \[NONEXISTENT\]/);
  await lines('c', 'SELECT Drafts');
  await lines('d', 'STATUS Drafts (MESSAGES)');
  assert.match((await c.command('e', 'CHECK')).at(-1)!, /^e OK/); // still selected
  await lines('f', 'UNSELECT');
});

test('non-ASCII names are modified UTF-7, or UTF-8 after ENABLE UTF8=ACCEPT', async () => {
  await lines('a', 'CREATE "Entw&APw-rfe"');
  assert.deepEqual(await lines('b', 'LIST "" Entw*'), ['* LIST (\\HasNoChildren) "/" Entw&APw-rfe']);
  const box = await srv.core.mailboxes.get(srv.userId, 'Entwürfe');
  assert.ok(box, 'stored as UTF-8');
  const u = await RawImap.open(srv.port);
  await u.login();
  assert.match((await u.command('c', 'ENABLE UTF8=ACCEPT')).join('\n'), /^\* ENABLED UTF8=ACCEPT$/m);
  const r = await u.command('d', 'LIST "" Entw*');
  assert.equal(Buffer.from(r[0]!, 'latin1').toString('utf8'), '* LIST (\\HasNoChildren) "/" "Entwürfe"');
  u.close();
});

test('imapflow list() and listTree() see the hierarchy and special uses', async () => {
  const client = flowClient(srv);
  await client.connect();
  const list = await client.list();
  const sent = list.find((m) => m.path === 'Sent');
  assert.equal(sent?.specialUse, '\\Sent');
  assert.equal(sent?.subscribed, true);
  assert.ok(list.some((m) => m.path === 'Work/Projects/2026'));
  await client.mailboxCreate('Flow/Test');
  await client.mailboxRename('Flow/Test', 'Flow/Renamed');
  const st = await client.status('INBOX', { messages: true, uidNext: true, unseen: true });
  assert.equal(typeof (st as { messages?: number }).messages, 'number');
  await client.mailboxDelete('Flow/Renamed');
  await client.logout();
});
