// Ascending UIDs kept as runs of consecutive values (first UID, length) in typed arrays:
// a mailbox whose UIDs are contiguous is one run (8 bytes) whatever its size. Built from
// ascending UIDs, or from older runs minus removed UIDs plus newer UIDs (a delta).

/** Runs of consecutive UIDs, ascending and disjoint; `count` is the sum of `lengths`. */
export interface UidRunList {
  readonly starts: Uint32Array;
  readonly lengths: Uint32Array;
  readonly count: number;
}

/** Appends ascending UIDs (or ranges of them) and hands out the runs. */
export class UidRunBuilder {
  private starts: Uint32Array;
  private lengths: Uint32Array;
  private runs = 0;
  private total = 0;
  private last = 0;

  constructor(capacity = 4) {
    this.starts = new Uint32Array(Math.max(1, capacity));
    this.lengths = new Uint32Array(this.starts.length);
  }

  get count(): number {
    return this.total;
  }

  /** Adds `uid`; it must be above every UID added before. */
  add(uid: number): void {
    this.addRange(uid, 1);
  }

  /** Adds `len` UIDs from `first` on; `first` must be above every UID added before. */
  addRange(first: number, len: number): void {
    if (len <= 0) return;
    if (!(first > this.last) || first + len - 1 > 0xffffffff)
      throw new RangeError(`UIDs must ascend (${first} after ${this.last})`);
    const r = this.runs - 1;
    if (r >= 0 && this.starts[r]! + this.lengths[r]! === first) this.lengths[r]! += len;
    else {
      if (this.runs === this.starts.length) this.grow();
      this.starts[this.runs] = first;
      this.lengths[this.runs] = len;
      this.runs++;
    }
    this.total += len;
    this.last = first + len - 1;
  }

  /** The runs, in arrays trimmed to size (the builder must not be used afterwards). */
  finish(): UidRunList {
    return {
      starts: this.starts.slice(0, this.runs),
      lengths: this.lengths.slice(0, this.runs),
      count: this.total,
    };
  }

  private grow(): void {
    const cap = this.starts.length * 2;
    const s = new Uint32Array(cap);
    const l = new Uint32Array(cap);
    s.set(this.starts);
    l.set(this.lengths);
    this.starts = s;
    this.lengths = l;
  }
}

/** Runs of ascending UIDs (throws on UIDs out of order). */
export function runsFromUids(uids: ArrayLike<number>): UidRunList {
  const b = new UidRunBuilder(16);
  for (let i = 0; i < uids.length; i++) b.add(uids[i]!);
  return b.finish();
}

/**
 * `runs` without the UIDs of `removed` (ascending; UIDs not in the runs are ignored) and
 * with `added` (ascending, every one above the highest UID of `runs`) at the end.
 */
export function applyUidDelta(
  runs: UidRunList,
  removed: ArrayLike<number>,
  added: ArrayLike<number>,
): UidRunList {
  const b = new UidRunBuilder(runs.starts.length + removed.length + 4);
  let k = 0;
  for (let r = 0; r < runs.starts.length; r++) {
    let s = runs.starts[r]!;
    const end = s + runs.lengths[r]! - 1;
    while (k < removed.length && removed[k]! < s) k++;
    while (k < removed.length && removed[k]! <= end) {
      const u = removed[k]!;
      if (u > s) b.addRange(s, u - s);
      s = u + 1;
      k++;
    }
    if (s <= end) b.addRange(s, end - s + 1);
  }
  for (let i = 0; i < added.length; i++) b.add(added[i]!);
  return b.finish();
}

/** Every UID of the runs, ascending. */
export function uidsOfRuns(runs: UidRunList): Uint32Array {
  const out = new Uint32Array(runs.count);
  let n = 0;
  for (let r = 0; r < runs.starts.length; r++) {
    const s = runs.starts[r]!;
    for (let i = 0; i < runs.lengths[r]!; i++) out[n++] = s + i;
  }
  return out;
}
