// Sequence sets (or UID sets) resolved against a session's view (RFC 9051 §6.4.x, §9).
// Message numbers beyond the mailbox are an error (BAD); UIDs that are not there are
// simply skipped (RFC 9051 §6.4.9). `$` is the saved search result (RFC 5182), which
// holds UIDs.

import type { UidRange } from '../../store/types.js';
import type { ResolvedSet } from './context.js';
import type { MailboxView } from './mailbox-view.js';
import type { SequenceSet } from './wire/sequence-set.js';

export function resolveSet(view: MailboxView, set: SequenceSet, uid: boolean): ResolvedSet | null {
  const seq = view.seq;
  if (set.kind === 'saved') {
    const uids = (view.savedResult ?? []).filter((u) => seq.has(u));
    return {
      count: uids.length,
      *pairs() {
        for (const u of uids) yield [seq.uidToSeq(u), u];
      },
      uidRanges: () => toRanges(uids),
    };
  }
  if (!uid) {
    for (const r of set.ranges) {
      for (const n of [r.from, r.to]) {
        if (n !== '*' && n > seq.size) return null;
      }
    }
    if (seq.size === 0 && set.ranges.length > 0) return null;
  }
  // From the view's runs, not message by message (`1:*` of 100,000 is one range).
  const ranges = seq.uidRangesOf(set, uid);
  return {
    count: ranges.reduce((n, [a, b]) => n + (b - a + 1), 0),
    pairs: () => seq.select(set, uid),
    uidRanges: () => ranges.map(([start, end]) => ({ start, end })),
  };
}

/** Ascending UIDs to merged ranges. */
export function toRanges(uids: readonly number[]): UidRange[] {
  const out: UidRange[] = [];
  for (const u of uids) {
    const last = out[out.length - 1];
    if (last && u === last.end + 1) last.end = u;
    else if (!last || u > last.end) out.push({ start: u, end: u });
  }
  return out;
}
