import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import {
  descendants,
  parseSmapsRollup,
  parseStatPpid,
  parseStatusRss,
  sampleProcessTree,
} from '../../bench/lib/memory.js';

const ROLLUP = `55d0c2a5e000-7ffd8b5f2000 ---p 00000000 00:00 0                          [rollup]
Rss:               12345 kB
Pss:                6789 kB
Pss_Anon:           4000 kB
Shared_Clean:       5000 kB
`;

test('smaps_rollup gives Rss and Pss in KiB', () => {
  assert.deepEqual(parseSmapsRollup(ROLLUP), { rssKiB: 12345, pssKiB: 6789 });
  assert.throws(() => parseSmapsRollup('nothing here'), /Rss\/Pss/);
});

test('status gives VmRSS, or 0 for a process without one', () => {
  assert.equal(parseStatusRss('Name:\tx\nVmRSS:\t    2048 kB\n'), 2048);
  assert.equal(parseStatusRss('Name:\tkthreadd\n'), 0);
});

test('stat parent pid survives a command name with spaces and parentheses', () => {
  assert.equal(parseStatPpid('1234 (imap) S 77 1234 1234 0 -1'), 77);
  assert.equal(parseStatPpid('99 (we ird) (name)) R 5 99 99 0'), 5);
  assert.throws(() => parseStatPpid('garbage'), /command field/);
});

test('descendants walks the whole tree and ignores other branches', () => {
  const parents = new Map([
    [10, 1],
    [11, 10],
    [12, 10],
    [13, 11],
    [20, 1],
    [21, 20],
  ]);
  assert.deepEqual(descendants(10, parents), [10, 11, 12, 13]);
  assert.deepEqual(descendants(21, parents), [21]);
});

test('a live process tree includes a spawned child and has memory', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    const s = await sampleProcessTree(process.pid);
    assert.ok(s.pids.includes(process.pid));
    assert.ok(child.pid !== undefined && s.pids.includes(child.pid));
    assert.ok(s.rssKiB > 1000, `RSS ${s.rssKiB} KiB`);
    assert.ok(s.pssKiB > 0 || s.pssMissing > 0);
  } finally {
    child.kill();
  }
});
