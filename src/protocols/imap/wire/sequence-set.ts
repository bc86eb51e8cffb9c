// Sequence sets (RFC 9051 §9 sequence-set, RFC 5182 `$`) and their compact encoding.

import { fail } from './errors.js';
import type { Reader } from './reader.js';

/** A number of a sequence set; '*' is the largest number in use (RFC 9051 §9 seq-number). */
export type SeqNumber = number | '*';

/** `a:b` as written: either order is allowed ("reversed ranges", RFC 9051 §9 seq-range). */
export interface SeqRange {
  from: SeqNumber;
  to: SeqNumber;
}

export type SequenceSet =
  | { kind: 'set'; ranges: SeqRange[] }
  /** `$`: the result saved by SEARCH RETURN (SAVE) (RFC 5182). */
  | { kind: 'saved' };

const MAX_UINT32 = 0xffffffff;

function seqNumber(r: Reader): SeqNumber {
  if (r.take('*')) return '*';
  return r.nzNumber(MAX_UINT32, 'sequence number');
}

/** Parses a sequence-set (or `$`) at the reader's position. */
export function readSequenceSet(r: Reader): SequenceSet {
  if (r.take('$')) return { kind: 'saved' };
  const ranges: SeqRange[] = [];
  do {
    const from = seqNumber(r);
    const to = r.take(':') ? seqNumber(r) : from;
    ranges.push({ from, to });
  } while (r.take(','));
  return { kind: 'set', ranges };
}

/** Sorted, merged, inclusive [lo, hi] pairs with '*' replaced by `star` (the largest
 *  sequence number or UID in use). Ranges wholly above `max` (when given) are dropped and
 *  the rest clipped, as servers must ignore non-existent numbers in UID sets. */
export function resolveRanges(
  ranges: readonly SeqRange[],
  star: number,
  max = Infinity,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const { from, to } of ranges) {
    const a = from === '*' ? star : from;
    const b = to === '*' ? star : to;
    let lo = Math.min(a, b);
    const hi = Math.min(Math.max(a, b), max);
    if (lo < 1) lo = 1;
    if (lo <= hi) out.push([lo, hi]);
  }
  return mergeRanges(out);
}

/** Sorts and merges overlapping or adjacent inclusive ranges. */
export function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of ranges) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Compact text of a set of numbers: [1,2,3,4,5,7,9,10,11,12] -> "1:5,7,9:12".
 *  Input need not be sorted; duplicates are removed. Empty input gives "". */
export function compressNumbers(nums: Iterable<number>): string {
  const sorted = Float64Array.from(nums).sort();
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && (sorted[i + 1] === end + 1 || sorted[i + 1] === end)) end = sorted[++i]!;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}

/** Text of resolved ranges: [[1,5],[7,7]] -> "1:5,7". */
export function formatRanges(ranges: ReadonlyArray<readonly [number, number]>): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}:${b}`)).join(',');
}

/** Text of a parsed set, as the client wrote it. */
export function formatSequenceSet(set: SequenceSet): string {
  if (set.kind === 'saved') return '$';
  return set.ranges.map(({ from, to }) => (from === to ? String(from) : `${from}:${to}`)).join(',');
}

/** Does the set contain n (with '*' = star)? */
export function sequenceSetHas(set: SequenceSet & { kind: 'set' }, n: number, star: number): boolean {
  for (const { from, to } of set.ranges) {
    const a = from === '*' ? star : from;
    const b = to === '*' ? star : to;
    if (n >= Math.min(a, b) && n <= Math.max(a, b)) return true;
  }
  return false;
}

/** RFC 9394 partial-range: `first:last` counted from the start, or `-a:-b` from the end
 *  (1-based, either order). */
export interface PartialRange {
  fromEnd: boolean;
  /** Smaller offset (1-based). */
  lo: number;
  /** Larger offset. */
  hi: number;
}

export function readPartialRange(r: Reader): PartialRange {
  const neg = r.take('-');
  const a = r.nzNumber(MAX_UINT32, 'partial range');
  r.expect(':');
  if (neg) r.expect('-');
  else if (r.peek() === 0x2d) fail('Partial range mixes positive and negative numbers');
  const b = r.nzNumber(MAX_UINT32, 'partial range');
  return { fromEnd: neg, lo: Math.min(a, b), hi: Math.max(a, b) };
}

export function formatPartialRange(p: PartialRange): string {
  return p.fromEnd ? `-${p.lo}:-${p.hi}` : `${p.lo}:${p.hi}`;
}
