import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from '../../bench/lib/stats.js';
import { formatComparison } from '../../bench/reference/compare.js';
import { comparisonRows } from '../../bench/reference/rows.js';
import type { Figures } from '../../bench/reference/suite.js';

test('the printed comparison has the machine, the table and what was not measured', () => {
  const append1 = { connections: 1, appends: 10, bytes: 1, ms: 1, perS: 120, latencyMs: summarize([1]) };
  const postroom: Figures = {
    server: 'Postroom',
    errors: { imaptest: 'binary not found' },
    loadAvg: {},
    append1,
  };
  const dovecot: Figures = { server: 'Dovecot', errors: {}, loadAvg: {}, append1: { ...append1, perS: 100 } };
  const text = formatComparison({
    machine: { nproc: 2, cpu: 'Xeon', node: 'v20.20.2', memTotalMiB: 24106 },
    postroom,
    dovecot,
    rows: comparisonRows(postroom, dovecot),
  });
  const lines = text.split('\n');
  assert.equal(lines[0], 'machine: 2 CPUs (Xeon), 24106 MiB, Node v20.20.2');
  assert.match(
    text,
    /\| APPEND, 1 connection \(\/s, higher is better\) +\| +120 \| +100 \| 1\.20x better +\|/,
  );
  assert.equal(lines.at(-1), 'not measured on Postroom: imaptest: binary not found');
});
