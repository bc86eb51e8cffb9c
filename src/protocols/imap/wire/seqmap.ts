// A session's view of a mailbox: message sequence numbers <-> UIDs (RFC 9051 §2.3.1).
// Stored as runs of consecutive UIDs in typed arrays (start, length, messages before the
// run), so a mailbox whose UIDs are contiguous costs one run (12 bytes) whatever its size,
// and 1,000,000 scattered UIDs cost at most 12 MB instead of a million objects.

import { resolveRanges, type SequenceSet } from './sequence-set.js';

const INITIAL_CAPACITY = 4;

export class SeqMap {
  private starts = new Uint32Array(INITIAL_CAPACITY);
  private lens = new Uint32Array(INITIAL_CAPACITY);
  /** Messages in all earlier runs: seq of a run's first message is before[r] + 1. */
  private before = new Uint32Array(INITIAL_CAPACITY);
  private runs = 0;
  private total = 0;

  /** Builds a map from ascending UIDs. */
  static fromUids(uids: Iterable<number>): SeqMap {
    const m = new SeqMap();
    for (const u of uids) {
      if (!m.append(u)) throw new RangeError(`SeqMap.fromUids: UIDs must ascend (${u})`);
    }
    return m;
  }

  /** Builds a map from runs of consecutive UIDs (ascending, disjoint, lengths >= 1), in
   *  O(runs): SELECT of a contiguous 100,000-message mailbox costs one run. */
  static fromRuns(starts: ArrayLike<number>, lengths: ArrayLike<number>): SeqMap {
    const m = new SeqMap();
    for (let r = 0; r < starts.length; r++) {
      const first = starts[r]!;
      if (!m.appendRange(first, first + lengths[r]! - 1))
        throw new RangeError(`SeqMap.fromRuns: runs must ascend (${first})`);
    }
    return m;
  }

  /** Number of messages (the highest sequence number). */
  get size(): number {
    return this.total;
  }

  /** Number of runs of consecutive UIDs (memory use is 12 bytes per run). */
  get runCount(): number {
    return this.runs;
  }

  /** Highest UID, or 0 when empty. */
  get maxUid(): number {
    if (this.runs === 0) return 0;
    const r = this.runs - 1;
    return this.starts[r]! + this.lens[r]! - 1;
  }

  /** Adds a message at the end. UIDs must ascend; returns false (and changes nothing) if not. */
  append(uid: number): boolean {
    if (!Number.isInteger(uid) || uid < 1 || uid > 0xffffffff || uid <= this.maxUid) return false;
    const r = this.runs - 1;
    if (r >= 0 && this.starts[r]! + this.lens[r]! === uid) {
      this.lens[r]!++;
    } else {
      this.insertRun(this.runs, uid, 1, this.total);
    }
    this.total++;
    return true;
  }

  /** Adds the UIDs from..to (inclusive) at the end; false if they do not ascend. */
  appendRange(from: number, to: number): boolean {
    if (from > to || from <= this.maxUid || to > 0xffffffff || from < 1) return false;
    const r = this.runs - 1;
    if (r >= 0 && this.starts[r]! + this.lens[r]! === from) this.lens[r]! += to - from + 1;
    else this.insertRun(this.runs, from, to - from + 1, this.total);
    this.total += to - from + 1;
    return true;
  }

  /** Index of the last run whose first UID is <= uid, or -1. */
  private runOfUid(uid: number): number {
    let lo = 0;
    let hi = this.runs - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= uid) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Index of the run holding sequence number seq (1-based); seq must be in range. */
  private runOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.runs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.before[mid]! < seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Sequence number of uid, or 0 when the UID is not in the view. */
  uidToSeq(uid: number): number {
    const r = this.runOfUid(uid);
    if (r < 0) return 0;
    const off = uid - this.starts[r]!;
    return off < this.lens[r]! ? this.before[r]! + off + 1 : 0;
  }

  has(uid: number): boolean {
    return this.uidToSeq(uid) !== 0;
  }

  /** UID of sequence number seq, or 0 when out of range. */
  seqToUid(seq: number): number {
    if (!Number.isInteger(seq) || seq < 1 || seq > this.total) return 0;
    const r = this.runOfSeq(seq);
    return this.starts[r]! + (seq - this.before[r]! - 1);
  }

  /** Removes uid; returns the sequence number it had (for `* n EXPUNGE`), or 0. */
  removeUid(uid: number): number {
    const r = this.runOfUid(uid);
    if (r < 0) return 0;
    const start = this.starts[r]!;
    const len = this.lens[r]!;
    const off = uid - start;
    if (off >= len) return 0;
    const seq = this.before[r]! + off + 1;
    let next: number; // first run whose `before` must drop by one
    if (len === 1) {
      this.deleteRun(r);
      next = r;
    } else if (off === 0 || off === len - 1) {
      if (off === 0) this.starts[r] = start + 1;
      this.lens[r] = len - 1;
      next = r + 1;
    } else {
      this.lens[r] = off;
      this.insertRun(r + 1, uid + 1, len - off - 1, this.before[r]! + off);
      next = r + 2;
    }
    for (let i = next; i < this.runs; i++) this.before[i]!--;
    this.total--;
    return seq;
  }

  /** Removes many UIDs in one pass (O(runs + k)). Returns the sequence numbers to report,
   *  highest first, so each `* n EXPUNGE` is right when sent in that order. */
  removeMany(uids: Iterable<number>): number[] {
    const sorted = [...new Set(uids)].sort((a, b) => a - b);
    if (sorted.length === 0 || this.runs === 0) return [];
    const removedSeqs: number[] = [];
    const old = { starts: this.starts, lens: this.lens, before: this.before, runs: this.runs };
    this.starts = new Uint32Array(Math.max(INITIAL_CAPACITY, old.runs + sorted.length));
    this.lens = new Uint32Array(this.starts.length);
    this.before = new Uint32Array(this.starts.length);
    this.runs = 0;
    this.total = 0;
    let k = 0;
    for (let r = 0; r < old.runs; r++) {
      let s = old.starts[r]!;
      const end = s + old.lens[r]! - 1;
      while (k < sorted.length && sorted[k]! < s) k++;
      while (k < sorted.length && sorted[k]! <= end) {
        const u = sorted[k]!;
        if (u > s) this.appendRange(s, u - 1);
        removedSeqs.push(old.before[r]! + (u - old.starts[r]!) + 1);
        s = u + 1;
        k++;
      }
      if (s <= end) this.appendRange(s, end);
    }
    this.shrink();
    return removedSeqs.reverse();
  }

  /** UIDs in ascending order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let r = 0; r < this.runs; r++) {
      const s = this.starts[r]!;
      for (let i = 0; i < this.lens[r]!; i++) yield s + i;
    }
  }

  /** Runs as [firstUid, lastUid] pairs. */
  *ranges(): IterableIterator<[number, number]> {
    for (let r = 0; r < this.runs; r++) yield [this.starts[r]!, this.starts[r]! + this.lens[r]! - 1];
  }

  /** Messages a sequence set names, as [seq, uid] in ascending order, lazily (so the
   *  session can page through `1:*` on a huge mailbox). With `uid`, the set holds UIDs and
   *  '*' is the highest UID (RFC 9051 §6.4.9); UIDs not in the view are skipped. */
  *select(set: SequenceSet & { kind: 'set' }, uid: boolean): IterableIterator<[number, number]> {
    if (this.total === 0) return;
    if (!uid) {
      for (const [lo, hi] of resolveRanges(set.ranges, this.total, this.total)) {
        for (let seq = lo; seq <= hi; seq++) yield [seq, this.seqToUid(seq)];
      }
      return;
    }
    for (const [lo, hi] of resolveRanges(set.ranges, this.maxUid, this.maxUid)) {
      let r = Math.max(0, this.runOfUid(lo));
      for (; r < this.runs && this.starts[r]! <= hi; r++) {
        const s = this.starts[r]!;
        const from = Math.max(lo, s);
        const to = Math.min(hi, s + this.lens[r]! - 1);
        for (let u = from; u <= to; u++) yield [this.before[r]! + (u - s) + 1, u];
      }
    }
  }

  /** The UIDs of the messages a set names (same rules as select()) as ascending,
   *  disjoint [first, last] ranges, in O(runs + ranges) rather than a step per message:
   *  `1:*` on a contiguous 100,000-message mailbox is one range. */
  uidRangesOf(set: SequenceSet & { kind: 'set' }, uid: boolean): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const put = (from: number, to: number) => {
      const last = out[out.length - 1];
      if (last && last[1] + 1 === from) last[1] = to;
      else out.push([from, to]);
    };
    if (this.total === 0) return out;
    if (uid) {
      for (const [lo, hi] of resolveRanges(set.ranges, this.maxUid, this.maxUid)) {
        for (let r = Math.max(0, this.runOfUid(lo)); r < this.runs && this.starts[r]! <= hi; r++) {
          const s = this.starts[r]!;
          const from = Math.max(lo, s);
          const to = Math.min(hi, s + this.lens[r]! - 1);
          if (from <= to) put(from, to);
        }
      }
      return out;
    }
    for (const [lo, hi] of resolveRanges(set.ranges, this.total, this.total)) {
      for (let r = this.runOfSeq(lo); r < this.runs && this.before[r]! < hi; r++) {
        const first = Math.max(lo, this.before[r]! + 1);
        const last = Math.min(hi, this.before[r]! + this.lens[r]!);
        const base = this.starts[r]! - this.before[r]! - 1;
        if (first <= last) put(base + first, base + last);
      }
    }
    return out;
  }

  /** Approximate bytes used by the typed arrays. */
  get byteSize(): number {
    return this.starts.byteLength + this.lens.byteLength + this.before.byteLength;
  }

  private insertRun(at: number, start: number, len: number, before: number): void {
    if (this.runs === this.starts.length) this.grow();
    if (at < this.runs) {
      this.starts.copyWithin(at + 1, at, this.runs);
      this.lens.copyWithin(at + 1, at, this.runs);
      this.before.copyWithin(at + 1, at, this.runs);
    }
    this.starts[at] = start;
    this.lens[at] = len;
    this.before[at] = before;
    this.runs++;
  }

  private deleteRun(at: number): void {
    this.starts.copyWithin(at, at + 1, this.runs);
    this.lens.copyWithin(at, at + 1, this.runs);
    this.before.copyWithin(at, at + 1, this.runs);
    this.runs--;
    if (this.runs < this.starts.length / 4) this.shrink();
  }

  private grow(): void {
    this.resize(this.starts.length * 2);
  }

  private shrink(): void {
    const want = Math.max(INITIAL_CAPACITY, this.runs * 2);
    if (want < this.starts.length) this.resize(want);
  }

  private resize(cap: number): void {
    const copy = (a: Uint32Array) => {
      const b = new Uint32Array(cap);
      b.set(a.subarray(0, this.runs));
      return b;
    };
    this.starts = copy(this.starts);
    this.lens = copy(this.lens);
    this.before = copy(this.before);
  }
}
