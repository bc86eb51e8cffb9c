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

test('RETURN (UPDATE): flag changes reach the searches that read flags (OR, MODSEQ), deliveries every search', {
  timeout: 20_000,
}, async () => {
  const watcher = await selected();
  const other = await selected();
  const modseqLine = (await watcher.command('m', 'UID SEARCH MODSEQ 1')).find((l) =>
    l.startsWith('* SEARCH'),
  )!;
  const highest = Number(/\(MODSEQ (\d+)\)/.exec(modseqLine)![1]);
  const uids = modseqLine
    .replace(/ \(MODSEQ.*$/, '')
    .split(' ')
    .slice(2)
    .map(Number);
  const first = uids[0]!;
  // OR mixes a flag with text: it reads flags. SUBJECT alone does not (no re-run on STORE).
  await watcher.command('o', 'UID SEARCH RETURN (UPDATE) OR SUBJECT livecheck KEYWORD $Live');
  await watcher.command('q', `UID SEARCH RETURN (UPDATE) MODSEQ ${highest + 1}`);
  await watcher.command('t', 'UID SEARCH RETURN (UPDATE) SUBJECT livecheck');
  await watcher.idle();
  const start = watcher.lines.length;
  const orAdded = watcher.waitFor(new RegExp(`^\\* ESEARCH \\(TAG "o"\\) UID ADDTO \\(0 ${first}\\)$`));
  const modAdded = watcher.waitFor(
    new RegExp(`^\\* ESEARCH \\(TAG "q"\\) UID ADDTO \\(0 ${first}\\)$`),
    start,
  );
  assert.match((await other.command('a', `UID STORE ${first} +FLAGS ($Live)`)).at(-1)!, /^a OK/);
  await orAdded;
  await modAdded;

  await srv.deliver(message('livecheck'));
  const line = await watcher.waitFor(/^\* ESEARCH \(TAG "t"\) UID ADDTO \(0 \d+\)$/, start);
  const next = Number(/\(0 (\d+)\)$/.exec(line)![1]);
  assert.ok(next > Math.max(...uids), line);
  for (const tag of ['o', 'q'])
    await watcher.waitFor(new RegExp(`^\\* ESEARCH \\(TAG "${tag}"\\) UID ADDTO \\(0 ${next}\\)$`), start);
  // Flags of the new message change: still in every result (no REMOVEFROM), o and q stay.
  await other.command('n', 'NOOP'); // other learns of the new message first
  const fetched = watcher.waitFor(/ FETCH \(.*\\Seen/, start);
  assert.match((await other.command('b', `UID STORE ${next} +FLAGS (\\Seen)`)).at(-1)!, /^b OK/);
  await fetched;
  await watcher.done();
  const mine = watcher.lines.slice(start).filter((l) => l.startsWith('* ESEARCH'));
  assert.equal(mine.filter((l) => l.includes('"t"')).length, 1, mine.join('\n'));
  assert.ok(!mine.some((l) => l.includes('REMOVEFROM')), mine.join('\n'));
  watcher.close();
  other.close();
});

test('RETURN (UPDATE): STORE 1:* moves every message out of and back into a live search', {
  timeout: 20_000,
}, async () => {
  const watcher = await selected();
  const other = await selected();
  const exists = Number(/\* (\d+) EXISTS/.exec(watcher.lines.join('\n'))![1]);
  await other.command('c', 'STORE 1:* -FLAGS.SILENT (\\Seen)');
  const r = await watcher.command('n', 'SEARCH RETURN (UPDATE COUNT) UNSEEN');
  assert.ok(r.includes(`* ESEARCH (TAG "n") COUNT ${exists}`), r.join('\n'));
  await watcher.idle();
  const removed = watcher.waitFor(new RegExp(`^\\* ESEARCH \\(TAG "n"\\) REMOVEFROM \\(0 1:${exists}\\)$`));
  assert.match((await other.command('d', 'STORE 1:* +FLAGS.SILENT (\\Seen)')).at(-1)!, /^d OK/);
  await removed;
  const added = watcher.waitFor(new RegExp(`^\\* ESEARCH \\(TAG "n"\\) ADDTO \\(0 2:${exists}\\)$`));
  assert.match((await other.command('e', `STORE 2:* -FLAGS.SILENT (\\Seen)`)).at(-1)!, /^e OK/);
  await added;
  await watcher.done();
  const count = await watcher.command('k', 'SEARCH RETURN (COUNT) UNSEEN');
  assert.ok(count.includes(`* ESEARCH (TAG "k") COUNT ${exists - 1}`), count.join('\n'));
  watcher.close();
  other.close();
});
