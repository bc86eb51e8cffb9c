// Side-by-side table: metric | Postroom | Dovecot | ratio.
//
// The ratio is oriented so that above 1 always means Postroom did better:
// Postroom / Dovecot where higher is better (throughput), Dovecot / Postroom
// where lower is better (times, memory). Each row says which way its metric
// goes, and the ratio cell repeats "better" or "worse" for Postroom.

export type Better = 'higher' | 'lower';

export interface ComparisonRow {
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly postroom: number | null;
  readonly dovecot: number | null;
  /** Shown instead of "—" when postroom is null, e.g. "n/a (FETCH not implemented)". */
  readonly postroomNote?: string;
  /** Shown instead of "—" when dovecot is null, e.g. "n/a (no SMTP server)". */
  readonly dovecotNote?: string;
}

/** How much better Postroom did (> 1: better); null when a figure is missing or a divisor 0. */
export function ratio(row: ComparisonRow): number | null {
  const { postroom: p, dovecot: d } = row;
  if (p === null || d === null || !Number.isFinite(p) || !Number.isFinite(d)) return null;
  // a zero on either side (e.g. 0 error lines) has no meaningful ratio
  if (p === 0 || d === 0) return null;
  return row.better === 'higher' ? p / d : d / p;
}

/** The header of the ratio column. */
export const RATIO_HEADER = 'ratio (>1: Postroom better)';

/** Thousands separators; decimals shrink as the value grows. */
export function formatNumber(v: number | null): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const abs = Math.abs(v);
  const digits = abs >= 100 || Number.isInteger(v) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(row: ComparisonRow): string {
  const r = ratio(row);
  if (r === null) return '—';
  // two significant digits below 0.1, so a 400-fold gap does not print as 0.00x
  const shown = r >= 0.1 ? r.toFixed(2) : r.toPrecision(2);
  return `${shown}x ${r >= 1 ? 'better' : 'worse'}`;
}

function pad(s: string, width: number, right: boolean): string {
  const len = [...s].length;
  return right ? ' '.repeat(Math.max(0, width - len)) + s : s + ' '.repeat(Math.max(0, width - len));
}

/** A Markdown-compatible table (aligned pipes), one line per row, no trailing newline. */
export function formatComparisonTable(rows: readonly ComparisonRow[]): string {
  const header = ['metric', 'Postroom', 'Dovecot', RATIO_HEADER];
  const cells = rows.map((r) => [
    `${r.metric} (${r.unit}, ${r.better} is better)`,
    r.postroom === null && r.postroomNote ? r.postroomNote : formatNumber(r.postroom),
    r.dovecot === null && r.dovecotNote ? r.dovecotNote : formatNumber(r.dovecot),
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
