// Monotonic timing helpers for benchmarks.

/** Milliseconds from a monotonic clock (not wall time; immune to clock steps). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Timed<T> {
  readonly value: T;
  readonly ms: number;
}

/** Runs fn and measures its duration. */
export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const t0 = nowMs();
  const value = await fn();
  return { value, ms: nowMs() - t0 };
}

/** Events per second; NaN when no time elapsed. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/** Decimal megabytes (1e6 bytes) per second, as the shared Python scripts report. */
export function mbPerSecond(bytes: number, ms: number): number {
  return ms > 0 ? bytes / 1e6 / (ms / 1000) : Number.NaN;
}

/** Runs `fn` once per item with at most `limit` in flight; results keep input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!(limit >= 1)) throw new RangeError(`limit must be >= 1, got ${limit}`);
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
