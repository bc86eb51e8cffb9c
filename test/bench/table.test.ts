import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ComparisonRow,
  formatComparisonTable,
  formatNumber,
  formatRatio,
  ratio,
} from '../../bench/lib/table.js';

const row = (better: 'higher' | 'lower', postroom: number | null, dovecot: number | null): ComparisonRow => ({
  metric: 'x',
  unit: 'u',
  better,
  postroom,
  dovecot,
});

test('the ratio is above 1 when Postroom did better, whichever way the metric goes', () => {
  assert.equal(ratio(row('higher', 300, 150)), 2);
  assert.equal(ratio(row('lower', 75, 150)), 2);
  assert.equal(ratio(row('lower', 300, 150)), 0.5);
  assert.equal(ratio(row('higher', null, 150)), null);
  assert.equal(ratio(row('higher', 1, null)), null);
  assert.equal(ratio(row('higher', 1, 0)), null);
  assert.equal(ratio(row('lower', 0, 5)), null);
  assert.equal(ratio(row('lower', 224, 0)), null);
});

test('the ratio cell says better or worse according to the direction of the metric', () => {
  assert.equal(formatRatio(row('higher', 300, 150)), '2.00x better');
  assert.equal(formatRatio(row('higher', 75, 150)), '0.50x worse');
  assert.equal(formatRatio(row('lower', 75, 150)), '2.00x better');
  assert.equal(formatRatio(row('lower', 300, 150)), '0.50x worse');
  assert.equal(formatRatio(row('lower', null, 150)), '—');
  assert.equal(formatRatio(row('lower', 151, 0.384)), '0.0025x worse');
});

test('numbers get separators and fewer decimals as they grow', () => {
  assert.equal(formatNumber(1633.4), '1,633');
  assert.equal(formatNumber(78.04), '78.0');
  assert.equal(formatNumber(3.9), '3.90');
  assert.equal(formatNumber(0.5512), '0.551');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(7), '7');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(Number.NaN), '—');
});

test('the table has a header, a rule and aligned rows of equal width', () => {
  const out = formatComparisonTable([
    { metric: 'APPEND', unit: '/s', better: 'higher', postroom: 410, dovecot: 309 },
    { metric: 'IDLE memory per connection', unit: 'KiB', better: 'lower', postroom: null, dovecot: 563.2 },
  ]);
  const lines = out.split('\n');
  assert.equal(lines.length, 4);
  assert.match(
    lines[0] as string,
    /^\| metric +\| Postroom \| Dovecot \| ratio \(>1: Postroom better\) +\|$/,
  );
  assert.match(lines[1] as string, /^\|-+\|-+:\|-+:\|-+\|$/);
  assert.ok(lines.every((l) => [...l].length === [...(lines[0] as string)].length));
  assert.match(lines[2] as string, /\| +410 \| +309 \| 1\.33x better +\|/);
  assert.match(lines[3] as string, /\| +— \| +563 \| — +\|/);
});

test('a missing figure shows its note instead of a dash', () => {
  const out = formatComparisonTable([
    {
      metric: 'FETCH',
      unit: 'MB/s',
      better: 'higher',
      postroom: null,
      dovecot: 600,
      postroomNote: 'n/a (FETCH not implemented)',
    },
    {
      metric: 'SMTP',
      unit: 'msg/s',
      better: 'higher',
      postroom: 50,
      dovecot: null,
      dovecotNote: 'n/a (no SMTP)',
    },
  ]);
  assert.match(out, /\| n\/a \(FETCH not implemented\) \| +600 \| — +\|/);
  assert.match(out, /\| +50 \| n\/a \(no SMTP\) \| — +\|/);
});
