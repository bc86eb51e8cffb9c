// The SMTP benchmark runs end to end in quick mode and reports sane figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSmtpBench } from '../../bench/smtp.js';

test('smtp bench (quick) reports a rate for every run and the latency to an IDLE client', {
  timeout: 120_000,
}, async () => {
  const lines: string[] = [];
  const r = await runSmtpBench({ quick: true, log: (l) => lines.push(l) });
  assert.equal(r.runs.length, 4);
  for (const run of r.runs) assert.ok(run.messagesPerSecond > 0 && run.messages > 0, JSON.stringify(run));
  assert.ok(r.toIdleMs.median > 0, JSON.stringify(r));
  assert.ok(r.toReplyMs.median > 0, JSON.stringify(r));
  // The 250 and the EXISTS are within a short time of each other, in either order.
  assert.ok(Math.abs(r.replyToIdleMs.median) < 2000, JSON.stringify(r));
  assert.ok(lines.some((l) => /EXISTS at an IDLE client median/.test(l)));
});
