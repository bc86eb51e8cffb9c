// Paging helpers for commands over many messages: records a page at a time, and the
// RFC 9394 PARTIAL window of a UID set.

import type { MessageRecord, UidRange } from '../../../store/types.js';
import type { PartialRange } from '../wire/sequence-set.js';

/** Pages through `fetch(ranges, limit)` (ascending UIDs), continuing after the last UID. */
export async function* pagedRecords(
  fetch: (ranges: UidRange[], limit: number) => Promise<MessageRecord[]>,
  ranges: UidRange[],
  pageSize: number,
): AsyncGenerator<MessageRecord[]> {
  let rest = ranges;
  while (rest.length > 0) {
    const page = await fetch(rest, pageSize);
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    const after = page[page.length - 1]!.uid + 1;
    rest = rest.filter((r) => r.end >= after).map((r) => ({ start: Math.max(r.start, after), end: r.end }));
  }
}

/** The messages at positions lo..hi (1-based; counted from the end when fromEnd) of the
 *  messages named by `ranges`, which hold only existing UIDs (RFC 9394 §3). */
export function partialOf(ranges: readonly UidRange[], p: PartialRange): UidRange[] {
  const total = ranges.reduce((n, r) => n + (r.end - r.start + 1), 0);
  const first = p.fromEnd ? total - p.hi + 1 : p.lo;
  const last = p.fromEnd ? total - p.lo + 1 : p.hi;
  return slicePositions(ranges, Math.max(1, first), Math.min(total, last));
}

/** The sub-ranges covering positions [first, last] (1-based) of `ranges`. */
export function slicePositions(ranges: readonly UidRange[], first: number, last: number): UidRange[] {
  const out: UidRange[] = [];
  let pos = 1;
  for (const r of ranges) {
    const len = r.end - r.start + 1;
    const lo = Math.max(first, pos);
    const hi = Math.min(last, pos + len - 1);
    if (lo <= hi) out.push({ start: r.start + (lo - pos), end: r.start + (hi - pos) });
    pos += len;
    if (pos > last) break;
  }
  return out;
}

/** RFC 9394 window over a result list (SEARCH RETURN (PARTIAL)). */
export function partialList<T>(list: readonly T[], p: PartialRange): T[] {
  const n = list.length;
  if (p.fromEnd) return list.slice(Math.max(0, n - p.hi), Math.max(0, n - p.lo + 1));
  return list.slice(p.lo - 1, p.hi);
}
