import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIdleHoldJson } from '../../bench/lib/scripts/idle-hold.js';
import { parsePop3LoadOutput } from '../../bench/lib/scripts/pop3-load.js';
import { parseSeedImapOutput } from '../../bench/lib/scripts/seed-imap.js';
import { userName } from '../../bench/lib/target.js';

test('pop3_load.py JSON becomes typed figures', () => {
  const out = JSON.stringify(
    {
      host: '127.0.0.1',
      port: 11110,
      clients: 50,
      secs: 20.03,
      users: 20,
      retr_per_session: 5,
      top: false,
      sessions: 4000,
      sessions_per_s: 199.7,
      retr: 20000,
      retr_per_s: 998.5,
      mb_per_s: 61.2,
      errors: 0,
      last_error: null,
      login_ms: { median: 3.1, p99: 20.5 },
      retr_ms: { median: null, p99: 0 },
    },
    null,
    2,
  );
  const r = parsePop3LoadOutput(out);
  assert.equal(r.clients, 50);
  assert.equal(r.retrPerS, 998.5);
  assert.equal(r.mbPerS, 61.2);
  assert.deepEqual(r.loginMs, { median: 3.1, p99: 20.5 });
  assert.deepEqual(r.retrMs, { median: null, p99: 0 });
  assert.throws(
    () => parsePop3LoadOutput('Traceback (most recent call last):'),
    /pop3_load.py: output is not JSON/,
  );
  assert.throws(() => parsePop3LoadOutput('{"clients": "many"}'), /number at "clients"/);
});

test('seed_imap.py lines give one entry per user', () => {
  const out = [
    'bob@example.test: INBOX now has 2000 messages (2000 appended in 41.3s)',
    'noise',
    'user101@example.test: Archive/2024 now has 350 messages (200 appended in 5s)',
  ].join('\n');
  assert.deepEqual(parseSeedImapOutput(out), [
    { user: 'bob@example.test', mailbox: 'INBOX', messages: 2000, appended: 2000, secs: 41.3 },
    { user: 'user101@example.test', mailbox: 'Archive/2024', messages: 350, appended: 200, secs: 5 },
  ]);
});

const mem = (processes: number, rss: number, pss: number) => ({
  processes,
  rss_kib: rss,
  pss_kib: pss,
  by_name: {},
});

test('idle_hold.py JSON: the settled sample counts when there is one', () => {
  const doc = {
    connected_idle: 1000,
    connect_errors: 0,
    connect_secs: 4.2,
    mem_before: mem(10, 20_000, 8_000),
    mem_idle: mem(1010, 700_000, 560_000),
    mem_settled: mem(14, 88_000, 40_000),
    rss_per_conn_kib: 68,
    pss_per_conn_kib: 32,
    notify: {
      mode: 'burst',
      idlers_watched: 1000,
      idlers_notified: 998,
      missed: 2,
      latency_ms: { median: 800, p90: 2500, p99: 3900, max: 4100, min: 12 },
    },
  };
  const r = parseIdleHoldJson(JSON.stringify(doc));
  assert.equal(r.connected, 1000);
  assert.deepEqual(r.idle, { processes: 14, rssKiB: 88_000, pssKiB: 40_000 });
  assert.deepEqual(r.awake, { processes: 1010, rssKiB: 700_000, pssKiB: 560_000 });
  assert.equal(r.pssPerConnKiB, 32);
  assert.deepEqual(r.notify, {
    mode: 'burst',
    watched: 1000,
    notified: 998,
    missed: 2,
    medianMs: 800,
    p90Ms: 2500,
    p99Ms: 3900,
    maxMs: 4100,
  });
  const { mem_settled: _, ...unsettled } = doc;
  assert.equal(parseIdleHoldJson(JSON.stringify(unsettled)).idle.processes, 1010);
  assert.throws(() => parseIdleHoldJson('{}'), /connected_idle/);
});

test('user patterns number users from their start', () => {
  const range = { pattern: 'user{n}@example.test', start: 101, count: 20 };
  assert.equal(userName(range, 0), 'user101@example.test');
  assert.equal(userName(range, 19), 'user120@example.test');
  assert.equal(userName({ pattern: 'alice@example.test', start: 0, count: 1 }, 0), 'alice@example.test');
});
