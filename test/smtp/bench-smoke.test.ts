// The SMTP benchmark runs end to end in quick mode and reports sane figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSmtpBench } from '../../bench/smtp.js';

test('smtp bench (quick) reports a rate for every run and the change-feed latency', {
  timeout: 60_000,
}, async () => {
  const lines: string[] = [];
  const r = await runSmtpBench({ quick: true, log: (l) => lines.push(l) });
  assert.equal(r.runs.length, 4);
  for (const run of r.runs) assert.ok(run.messagesPerSecond > 0 && run.messages > 0, JSON.stringify(run));
  assert.ok(r.toChangeFeedMs.median > 0 && r.toChangeFeedMs.median <= r.toReplyMs.median + 50);
  assert.equal(lines.length, 5);
});
