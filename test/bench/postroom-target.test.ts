// Smoke test of the benchmark's Postroom target: a small data directory prepared through
// the store, the server started as a child process, a POP3 login that sees the mail.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { formatLiveSearch, runLiveSearchBench } from '../../bench/postroom/live-search.js';
import { preparePostroomData } from '../../bench/postroom/prepare.js';
import { parseReadyLine, postroomSuiteServer, startPostroomServer } from '../../bench/postroom/server.js';
import { BENCH_PASS, benchAddresses } from '../../bench/postroom/users.js';

test('the ready line is checked, not trusted', () => {
  assert.deepEqual(parseReadyLine('{"ready":true,"pid":5,"ports":{"imap":143,"pop3":99999,"x":"y"}}'), {
    ready: true,
    pid: 5,
    ports: { imap: 143 },
  });
  assert.equal(parseReadyLine('starting...'), null);
  assert.equal(parseReadyLine('{"ready":false}'), null);
  assert.equal(parseReadyLine('[1]'), null);
});

test('the reference users: alice, bob, carol, user1..N', () => {
  const a = benchAddresses(3);
  assert.deepEqual(a, [
    'alice@example.test',
    'bob@example.test',
    'carol@example.test',
    'user1@example.test',
    'user2@example.test',
    'user3@example.test',
  ]);
  assert.equal(benchAddresses().length, 203);
});

/** Logs in over POP3 and returns the STAT reply. */
function pop3Stat(port: number, user: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    const script = [`USER ${user}`, 'PASS Secret-1', 'STAT', 'QUIT'];
    const replies: string[] = [];
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        replies.push(buf.slice(0, i));
        buf = buf.slice(i + 2);
        const next = script.shift();
        if (next) s.write(`${next}\r\n`);
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(replies[3] ?? replies.join(' | ')));
  });
}

test('prepared mail is served by the child process', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-bench-test-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const users = ['carol@example.test', 'user101@example.test'];
  const plan = { users, big: { address: 'carol@example.test', count: 30 }, realistic: null };
  const first = await preparePostroomData(dir, plan, () => {});
  assert.equal(first.usersCreated, 2);
  assert.equal(first.bigAdded, 30);
  // a second run finds everything there and adds only what is missing
  const again = await preparePostroomData(
    dir,
    { ...plan, big: { address: 'carol@example.test', count: 40 } },
    () => {},
  );
  assert.deepEqual([again.usersCreated, again.bigAdded], [0, 10]);

  const server = await startPostroomServer(dir, { probe: true });
  after(() => server.stop());
  assert.ok(server.ports.pop3 && server.ports.smtp);
  assert.notEqual(server.pid, process.pid);
  assert.match(await pop3Stat(server.ports.pop3 as number, 'carol@example.test'), /^\+OK 40 \d+/);
  const target = postroomSuiteServer(server, { bigCount: 40, realistic: new Map() });
  await target.fillBigMailbox(40);
  await assert.rejects(target.fillBigMailbox(41), /prepared with 40 messages, 41 asked/);
  await assert.rejects(
    target.fillRealisticMail?.('bob@example.test', 1) ?? Promise.resolve(),
    /prepared with 0/,
  );

  // The live-search section end to end on the 40 messages (IPC probe included).
  const at = (user: string) => ({
    host: '127.0.0.1',
    port: server.ports.imap as number,
    user,
    pass: BENCH_PASS,
  });
  const r = await runLiveSearchBench({
    target: at('carol@example.test'),
    probeTarget: at('user101@example.test'),
    probe: server.probe!,
    sessions: 4,
    rounds: 1,
    log: () => {},
  });
  // UNSEEN: all 40; FLAGGED: none; the marker word in message 7; sender5 is message 5.
  assert.deepEqual(
    r.initial.map((i) => i.hits),
    [40, 0, 1, 1],
  );
  assert.equal(r.messages, 40);
  assert.equal(r.changes.length, 5);
  for (const c of r.changes) assert.ok(c.medianMs >= 0 && c.eldMaxMs >= 0 && c.baseline, c.change);
  assert.match(formatLiveSearch(r), /Dovecot has no CONTEXT=SEARCH/);
  assert.ok((await server.probe!.heap()).heapUsed > 0);
  await server.stop();
});
