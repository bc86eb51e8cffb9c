// Side-by-side table: metric | Postroom | Dovecot | ratio.
//
// The ratio is always Postroom / Dovecot. Whether a larger number is good
// depends on the metric, so each row says which way is better and the ratio
// cell is marked "better" or "worse" for Postroom accordingly.

export type Better = 'higher' | 'lower';

export interface ComparisonRow {
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly postroom: number | null;
  readonly dovecot: number | null;
}

/** Postroom / Dovecot, or null when either figure is missing or the divisor is 0. */
export function ratio(row: ComparisonRow): number | null {
  const { postroom: p, dovecot: d } = row;
  if (p === null || d === null || !Number.isFinite(p) || !Number.isFinite(d) || d === 0) return null;
  return p / d;
}

/** Thousands separators; decimals shrink as the value grows. */
export function formatNumber(v: number | null): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(row: ComparisonRow): string {
  const r = ratio(row);
  if (r === null) return '—';
  const good = row.better === 'higher' ? r >= 1 : r <= 1;
  return `${r.toFixed(2)}x ${good ? 'better' : 'worse'}`;
}

function pad(s: string, width: number, right: boolean): string {
  const len = [...s].length;
  return right ? ' '.repeat(Math.max(0, width - len)) + s : s + ' '.repeat(Math.max(0, width - len));
}

/** A Markdown-compatible table (aligned pipes), one line per row, no trailing newline. */
export function formatComparisonTable(rows: readonly ComparisonRow[]): string {
  const header = ['metric', 'Postroom', 'Dovecot', 'ratio'];
  const cells = rows.map((r) => [
    `${r.metric} (${r.unit}, ${r.better} is better)`,
    formatNumber(r.postroom),
    formatNumber(r.dovecot),
    formatRatio(r),
  ]);
  const widths = header.map((h, i) =>
    Math.max([...h].length, ...cells.map((c) => [...(c[i] as string)].length)),
  );
  const line = (c: readonly string[]): string =>
    `| ${c.map((s, i) => pad(s, widths[i] as number, i > 0 && i < 3)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i > 0 && i < 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}
