import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from '../../bench/lib/stats.js';
import { ratio } from '../../bench/lib/table.js';
import { comparisonRows } from '../../bench/reference/rows.js';
import type { Figures } from '../../bench/reference/suite.js';

const append = (perS: number) => ({
  connections: 1,
  appends: 100,
  bytes: 1,
  ms: 1,
  perS,
  latencyMs: summarize([1]),
});

test('rows appear for figures measured on either side, with Postroom / Dovecot ratios', () => {
  const dovecot: Figures = {
    server: 'Dovecot',
    errors: {},
    loadAvg: {},
    append1: append(100),
    append10: append(80),
  };
  const postroom: Figures = { server: 'Postroom', errors: {}, loadAvg: {}, append1: append(150) };
  const rows = comparisonRows(postroom, dovecot);
  assert.deepEqual(
    rows.map((r) => [r.metric, r.postroom, r.dovecot]),
    [
      ['APPEND, 1 connection', 150, 100],
      ['APPEND, 10 connections', null, 80],
    ],
  );
  assert.equal(ratio(rows[0] as (typeof rows)[number]), 1.5);
  assert.deepEqual(comparisonRows(null, null), []);
});

test('a figure one side could not measure shows a note, or "error (below)" when it failed', () => {
  const postroom: Figures = { server: 'Postroom', errors: { pop3: 'connection refused' }, loadAvg: {} };
  const dovecot: Figures = { server: 'Dovecot', errors: {}, loadAvg: {}, append1: append(100) };
  const rows = comparisonRows(postroom, dovecot, { postroom: { append: 'n/a (APPEND not implemented)' } });
  const byMetric = new Map(rows.map((r) => [r.metric, r]));
  assert.equal(byMetric.get('APPEND, 1 connection')?.postroomNote, 'n/a (APPEND not implemented)');
  assert.equal(byMetric.get('APPEND, 10 connections')?.postroomNote, 'n/a (APPEND not implemented)');
  assert.equal(byMetric.get('POP3 RETR, 1 client')?.postroomNote, 'error (below)');
  assert.equal(byMetric.get('POP3 RETR, 1 client')?.dovecot, null);
  assert.equal(byMetric.has('SEARCH TEXT, 100k'), false);
});
