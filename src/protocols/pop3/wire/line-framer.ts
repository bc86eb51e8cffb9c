// Splits a byte stream into command lines. Pure: bytes in, events out; no I/O.
// RFC 1939 §3: commands end with CRLF. Bare LF is accepted too (some scripts send it);
// the terminator is removed. A line longer than the limit is discarded up to its end
// and reported once as 'overlong', so its tail is never taken for a command.

export type FramerEvent = { kind: 'line'; line: Buffer } | { kind: 'overlong'; length: number };

export class LineFramer {
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** True while discarding the rest of an overlong line. */
  private discarding = false;
  private discarded = 0;

  constructor(private readonly maxLineLength: number) {
    if (!Number.isInteger(maxLineLength) || maxLineLength < 3)
      throw new RangeError('maxLineLength must be >= 3');
  }

  /** Feeds bytes; returns the complete lines (and overlong reports) in order. */
  push(chunk: Buffer): FramerEvent[] {
    const out: FramerEvent[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const lf = chunk.indexOf(10, pos);
      const end = lf === -1 ? chunk.length : lf;
      const piece = chunk.subarray(pos, end);
      if (this.discarding) {
        this.discarded += piece.length + (lf === -1 ? 0 : 1);
      } else if (this.partsLength + piece.length + 1 > this.maxLineLength) {
        // +1: the LF itself counts; the limit includes the terminator.
        this.discarding = true;
        this.discarded = this.partsLength + piece.length + (lf === -1 ? 0 : 1);
        this.parts = [];
        this.partsLength = 0;
      } else if (piece.length > 0) {
        this.parts.push(piece);
        this.partsLength += piece.length;
      }
      if (lf === -1) break;
      if (this.discarding) {
        out.push({ kind: 'overlong', length: this.discarded });
        this.discarding = false;
        this.discarded = 0;
      } else {
        let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsLength);
        if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
        // Copy: the caller may keep the line after the chunk's memory is reused.
        out.push({ kind: 'line', line: Buffer.from(line) });
        this.parts = [];
        this.partsLength = 0;
      }
      pos = lf + 1;
    }
    // Keep partial data as copies so a huge chunk is not retained by a small slice.
    if (this.parts.length > 0 && !this.discarding) {
      const last = this.parts[this.parts.length - 1]!;
      if (last.buffer === chunk.buffer) this.parts[this.parts.length - 1] = Buffer.from(last);
    }
    return out;
  }

  /** Bytes of an unfinished line held right now (for tests and limits). */
  get pending(): number {
    return this.partsLength;
  }
}
