// UID ranges: sorted, merged, '*' (Infinity) clamped to the largest UID; windows for
// splitting big operations into short transactions.

import type { UidRange } from '../store/types.js';
import { MailError } from './errors.js';

export const MAX_UID = 0xffffffff;

export function normalizeRanges(ranges: readonly UidRange[]): UidRange[] {
  const clean = ranges
    .map((r) => {
      if (Number.isNaN(r.start) || Number.isNaN(r.end)) throw new MailError('Invalid', 'bad UID range');
      const a = Math.max(1, Math.min(r.start, MAX_UID));
      const b = Math.max(1, Math.min(r.end, MAX_UID));
      return a <= b ? { start: a, end: b } : { start: b, end: a };
    })
    .sort((x, y) => x.start - y.start);
  const out: UidRange[] = [];
  for (const r of clean) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

export const ALL: UidRange[] = [{ start: 1, end: MAX_UID }];

/**
 * Cuts ranges (normalised) into windows of at most `size` UID values, none above `maxUid`,
 * so a STORE on a huge mailbox runs as many short transactions instead of one long one.
 */
export function uidWindows(ranges: readonly UidRange[], maxUid: number, size: number): UidRange[][] {
  const out: UidRange[][] = [];
  let current: UidRange[] = [];
  let used = 0;
  for (const r of normalizeRanges(ranges)) {
    let start = r.start;
    const end = Math.min(r.end, maxUid);
    while (start <= end) {
      const take = Math.min(end - start + 1, size - used);
      current.push({ start, end: start + take - 1 });
      used += take;
      start += take;
      if (used === size) {
        out.push(current);
        current = [];
        used = 0;
      }
    }
  }
  if (current.length) out.push(current);
  return out;
}
