// CONTEXT=SEARCH (RFC 5267 §4): a SEARCH RETURN (UPDATE) stays live; changes made by
// another session reach the client as ESEARCH ADDTO / REMOVEFROM (REMOVEFROM before the
// EXPUNGE of the same message), CANCELUPDATE ends it. Raw sockets, no sleeps.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  for (const s of ['one', 'two', 'three', 'four']) await srv.deliver(message(s));
});
after(async () => {
  await srv.stop();
});

const selected = (): Promise<RawImap> => RawImap.selected(srv.port);

test('CONTEXT=SEARCH is advertised', async () => {
  const c = await selected();
  const caps = (await c.command('c', 'CAPABILITY')).find((l) => l.startsWith('* CAPABILITY'))!;
  assert.match(caps, / CONTEXT=SEARCH( |$)/);
  c.close();
});

test('UID SEARCH RETURN (UPDATE): another session flags, unflags, expunges', {
  timeout: 20_000,
}, async () => {
  const watcher = await selected();
  const other = await selected();
  const first = await watcher.command('u1', 'UID SEARCH RETURN (UPDATE ALL) FLAGGED');
  assert.deepEqual(first, ['* ESEARCH (TAG "u1") UID', 'u1 OK SEARCH completed']);
  const seq = await watcher.command('n1', 'SEARCH RETURN (UPDATE) FLAGGED');
  assert.deepEqual(seq, ['* ESEARCH (TAG "n1")', 'n1 OK SEARCH completed']);

  await watcher.idle();
  const added = watcher.waitFor(/^\* ESEARCH \(TAG "u1"\) UID ADDTO \(0 2:3\)$/);
  const addedSeq = watcher.waitFor(/^\* ESEARCH \(TAG "n1"\) ADDTO \(0 2:3\)$/, 0);
  assert.match((await other.command('a', 'STORE 2:3 +FLAGS (\\Flagged)')).at(-1)!, /^a OK/);
  await added;
  await addedSeq;
  const removed = watcher.waitFor(/^\* ESEARCH \(TAG "u1"\) UID REMOVEFROM \(0 2\)$/);
  assert.match((await other.command('b', 'STORE 2 -FLAGS (\\Flagged)')).at(-1)!, /^b OK/);
  await removed;

  // Expunge of message 3 (in both results): REMOVEFROM with number 3 comes before EXPUNGE.
  const expunged = watcher.waitFor(/^\* 3 EXPUNGE$/);
  assert.match((await other.command('d', 'STORE 3 +FLAGS (\\Deleted)')).at(-1)!, /^d OK/);
  assert.match((await other.command('e', 'EXPUNGE')).at(-1)!, /^e OK/);
  await expunged;
  const at = watcher.lines.indexOf('* 3 EXPUNGE');
  const rmSeq = watcher.lines.indexOf('* ESEARCH (TAG "n1") REMOVEFROM (0 3)');
  assert.ok(rmSeq >= 0 && rmSeq < at, watcher.lines.join('\n'));
  assert.ok(watcher.lines.includes('* ESEARCH (TAG "u1") UID REMOVEFROM (0 3)'), watcher.lines.join('\n'));
  await watcher.done();

  // CANCELUPDATE ends u1 only; an unknown tag is BAD.
  assert.match((await watcher.command('x', 'CANCELUPDATE "u1"')).at(-1)!, /^x OK/);
  assert.match((await watcher.command('y', 'CANCELUPDATE "nope"')).at(-1)!, /^y BAD/);
  await watcher.idle();
  const start = watcher.lines.length;
  const addedAgain = watcher.waitFor(/^\* ESEARCH \(TAG "n1"\) ADDTO \(0 1\)$/);
  assert.match((await other.command('f', 'STORE 1 +FLAGS (\\Flagged)')).at(-1)!, /^f OK/);
  await addedAgain;
  await watcher.done();
  assert.ok(!watcher.lines.slice(start).some((l) => l.includes('"u1"')), watcher.lines.join('\n'));
  watcher.close();
  other.close();
});

test('RETURN (UPDATE): own STORE and a new delivery are reported too', async () => {
  const c = await selected();
  const exists = Number(/\* (\d+) EXISTS/.exec(c.lines.join('\n'))![1]);
  await c.command('k', 'UID SEARCH RETURN (UPDATE) KEYWORD $Ctx');
  const own = await c.command('s', 'STORE 1 +FLAGS.SILENT ($Ctx)');
  assert.ok(
    own.some((l) => /^\* ESEARCH \(TAG "k"\) UID ADDTO \(0 \d+\)$/.test(l)),
    own.join('\n'),
  );
  await srv.deliver(message('five'));
  const r = await c.command('n', 'NOOP');
  assert.ok(r.includes(`* ${exists + 1} EXISTS`), r.join('\n'));
  // The new message has no $Ctx: nothing to add.
  assert.ok(!r.some((l) => l.includes('ADDTO')), r.join('\n'));
  c.close();
});

test('RETURN (UPDATE): beyond 16 live searches the search answers OK [NOUPDATE "tag"]', async () => {
  const c = await selected();
  for (let i = 0; i < 16; i++)
    assert.match(
      (await c.command(`t${i}`, 'SEARCH RETURN (UPDATE) SEEN')).at(-1)!,
      /^t\d+ OK SEARCH completed$/,
    );
  // Re-using a live tag replaces that search: still within the limit.
  assert.match((await c.command('t3', 'SEARCH RETURN (UPDATE) DELETED')).at(-1)!, /^t3 OK SEARCH completed$/);
  const r = await c.command('t16', 'SEARCH RETURN (UPDATE COUNT) SEEN');
  assert.match(r.at(-2)!, /^\* ESEARCH \(TAG "t16"\) COUNT \d+$/);
  assert.match(r.at(-1)!, /^t16 OK \[NOUPDATE "t16"\]/);
  c.close();
});
