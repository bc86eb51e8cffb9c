import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SECTIONS, parseBenchArgs, parseSections } from '../../bench/postroom/args.js';

test('--only picks sections in their fixed order; no flag runs the default set', () => {
  assert.deepEqual(parseBenchArgs(['--only', 'pop3,imap']).sections, ['pop3', 'imap']);
  assert.deepEqual(parseBenchArgs(['--only', 'imap,pop3,imap']).sections, ['pop3', 'imap']);
  assert.deepEqual(parseBenchArgs([]).sections, DEFAULT_SECTIONS);
  assert.ok(!DEFAULT_SECTIONS.includes('imaptest-scripts'));
  // the old positional form (`npm run bench -- store smtp`) still works
  assert.deepEqual(parseBenchArgs(['smtp', 'store']).sections, ['store', 'smtp']);
});

test('--quick shortens the timed runs and the idle count unless --idle says otherwise', () => {
  const full = parseBenchArgs([]);
  const quick = parseBenchArgs(['--quick']);
  assert.ok(quick.pop3Secs < full.pop3Secs && quick.imaptestSecs < full.imaptestSecs);
  assert.ok(quick.idleCount < full.idleCount);
  assert.equal(parseBenchArgs(['--quick', '--idle', '10000']).idleCount, 10_000);
  assert.ok(quick.liveSessions < full.liveSessions);
  assert.equal(parseBenchArgs(['--live', '64']).liveSessions, 64);
  // the big mailbox stays the reference's size: changing it refills Dovecot's copy
  assert.equal(quick.bigCount, full.bigCount);
});

test('flags and the environment', () => {
  const a = parseBenchArgs(['--no-dovecot', '--fresh', '--data', '/tmp/x', '--json', '/tmp/f.json']);
  assert.equal(a.dovecot, false);
  assert.equal(a.fresh, true);
  assert.equal(a.dataDir, '/tmp/x');
  assert.equal(a.json, '/tmp/f.json');
  assert.equal(parseBenchArgs([], { POSTROOM_BENCH_MAILBOX: '1000000' }).storeMailbox, 1_000_000);
});

test('bad input gets a clear error', () => {
  assert.throws(() => parseSections(['imap', 'nntp']), /unknown section "nntp" \(known: store, smtp/);
  assert.throws(() => parseBenchArgs(['--idle', '0']), /--idle wants a positive whole number, got "0"/);
  assert.throws(() => parseBenchArgs(['--big', 'lots']), /--big wants a positive whole number/);
  assert.throws(() => parseBenchArgs(['--frobnicate']), /Unknown option/);
});
