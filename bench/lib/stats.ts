// Percentiles and summaries of latency / duration samples.
//
// Percentiles use the nearest-rank rule on the sorted samples
// (index = round(q * (n - 1))), the same rule as the shared Python load
// scripts (/work/shared/bench/*.py), so figures from both sides compare.

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Value at quantile q (0..1) of ascending-sorted samples; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`);
  if (sorted.length === 0) return Number.NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[k] as number;
}

/** Median as the mean of the two middle values for an even count (like Python's statistics.median). */
export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  for (const v of samples) {
    if (!Number.isFinite(v)) throw new RangeError(`sample is not a finite number: ${v}`);
  }
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) {
    return {
      n: 0,
      min: Number.NaN,
      mean: Number.NaN,
      median: Number.NaN,
      p90: Number.NaN,
      p99: Number.NaN,
      max: Number.NaN,
    };
  }
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n,
    min: s[0] as number,
    mean: sum / n,
    median: median(s),
    p90: percentile(s, 0.9),
    p99: percentile(s, 0.99),
    max: s[n - 1] as number,
  };
}
