// The store benchmark must keep running (and its figures make sense) as the code changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runStoreBench } from '../../bench/store.js';

test('store bench runs on a small mailbox', { timeout: 120_000 }, async () => {
  const lines: string[] = [];
  const r = await runStoreBench({ mailboxSize: 12_000, quick: true, log: (l) => lines.push(l) });
  assert.ok(r.appendsPerSecond['1KB'] > 0);
  assert.ok(r.openMs >= 0 && r.listFlagsMs >= 0 && r.flag10kMs >= 0);
  assert.ok(lines.some((l) => l.includes('12000 UIDs')));
  assert.ok(lines.some((l) => l.includes('(10000 changed)')));
  assert.ok(lines.some((l) => l.includes('(4000 seen)')));
});
