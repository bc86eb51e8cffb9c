import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchRules, runSieveBench } from '../../bench/sieve.js';
import { rulesToSieve } from '../../src/sieve/rules.js';

test('sieve bench: 50 rules compile, and a small run reports both rates', async () => {
  assert.ok(rulesToSieve(benchRules(50)).length > 1000);
  const lines: string[] = [];
  const r = await runSieveBench({ deliveries: 20, log: (l) => lines.push(l) });
  assert.ok(r.noScript > 0 && r.withScript > 0 && r.evaluateUs > 0);
  assert.match(lines[0]!, /no script \d+\/s, 50-rule script \d+\/s .*Sieve step alone \d+ us per delivery/);
});
