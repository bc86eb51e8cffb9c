// UID ranges: sorted, merged, '*' (Infinity) clamped to the largest UID.
import { MailError } from '../core/errors.js';
import type { UidRange } from '../store/types.js';

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
