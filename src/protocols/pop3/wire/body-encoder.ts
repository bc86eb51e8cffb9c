// Encodes a stored message for RETR and TOP as it streams through. Pure and
// incremental: feed chunks of any size, get encoded bytes back; no I/O.
//
// What it guarantees (RFC 1939 §3 multi-line responses):
// - every line ends in CRLF (a bare LF becomes CRLF; a CR already followed by LF stays);
// - a line starting with '.' gets one more '.' (byte-stuffing), also when the '.' is
//   the first byte of a chunk and the line began in an earlier one;
// - the output ends with CRLF before the terminating ".CRLF" line, even when the
//   stored message does not end with a line break;
// - NUL bytes are sent as 0x80 (Outlook and Outlook Express hang on NUL; Dovecot's
//   outlook-no-nuls does the same). The size is unchanged, so LIST stays exact.
// - TOP (RFC 1939 §7): the header, the blank line, then at most `bodyLines` body
//   lines; `done` turns true when nothing more is needed, so the caller can stop reading.
//
// Bytes that are already CRLF, undotted and NUL-free pass through as zero-copy slices.

const CR = 13;
const LF = 10;
const DOT = 46;
const NUL = 0;
const CRLF = Buffer.from('\r\n');
const DOT_BUF = Buffer.from('.');
const TERMINATOR = Buffer.from('.\r\n');
const EMPTY = Buffer.alloc(0);

export interface BodyEncoderOptions {
  /** TOP: number of body lines after the header; null for RETR (the whole message). */
  bodyLines: number | null;
}

export class BodyEncoder {
  private atLineStart = true;
  private lastWasCR = false;
  private lineBytes = 0; // bytes of the current line seen so far (across chunks)
  private inHeader = true;
  private remaining: number; // body lines still to send (TOP)
  private finished = false;
  private stop = false;

  constructor(private readonly opts: BodyEncoderOptions = { bodyLines: null }) {
    this.remaining = opts.bodyLines ?? Number.POSITIVE_INFINITY;
  }

  /** True when a TOP has sent all it needs: further input is ignored. */
  get done(): boolean {
    return this.stop;
  }

  /** Encodes one chunk; returns the bytes to send (possibly empty). */
  write(input: Uint8Array): Buffer {
    if (this.stop || this.finished || input.length === 0) return EMPTY;
    let chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
    if (chunk.indexOf(NUL) !== -1) {
      chunk = Buffer.from(chunk);
      for (let i = chunk.indexOf(NUL); i !== -1; i = chunk.indexOf(NUL, i + 1)) chunk[i] = 0x80;
    }
    // Unchanged bytes go out as runs (zero-copy slices); only an added '.' or a CR before
    // a bare LF splits a run. A clean chunk comes back as itself.
    const out: Buffer[] = [];
    let pos = 0;
    let run = 0;
    while (pos < chunk.length) {
      if (this.atLineStart && chunk[pos] === DOT) {
        if (pos > run) out.push(chunk.subarray(run, pos));
        out.push(DOT_BUF);
        run = pos;
      }
      this.atLineStart = false;
      const lf = chunk.indexOf(LF, pos);
      if (lf === -1) {
        this.lineBytes += chunk.length - pos;
        this.lastWasCR = chunk[chunk.length - 1] === CR;
        pos = chunk.length;
        break;
      }
      const crBefore = lf > pos ? chunk[lf - 1] === CR : this.lastWasCR;
      if (!crBefore) {
        if (lf > run) out.push(chunk.subarray(run, lf));
        out.push(CRLF);
        run = lf + 1;
      }
      this.lineBytes += lf - pos;
      const contentBytes = this.lineBytes - (crBefore ? 1 : 0);
      this.lineBytes = 0;
      this.lastWasCR = false;
      this.atLineStart = true;
      pos = lf + 1;
      if (this.endOfLine(contentBytes === 0)) {
        this.stop = true;
        break;
      }
    }
    if (pos > run) out.push(run === 0 && pos === chunk.length ? chunk : chunk.subarray(run, pos));
    if (out.length === 0) return EMPTY;
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** Ends the response: completes the last line if needed and adds ".CRLF". */
  end(): Buffer {
    if (this.finished) return Buffer.alloc(0);
    this.finished = true;
    if (this.atLineStart) return TERMINATOR;
    // A trailing bare CR gets its LF; a line without terminator gets CRLF.
    return Buffer.concat([this.lastWasCR ? Buffer.from('\n') : CRLF, TERMINATOR]);
  }

  /** Tracks header/body for TOP; returns true when output must stop. */
  private endOfLine(empty: boolean): boolean {
    if (this.opts.bodyLines === null) return false;
    if (this.inHeader) {
      if (empty) {
        this.inHeader = false;
        return this.remaining === 0;
      }
      return false;
    }
    this.remaining -= 1;
    return this.remaining <= 0;
  }
}

/** Encodes a whole message held in memory (tests and small messages). */
export function encodeBody(message: Uint8Array, bodyLines: number | null = null): Buffer {
  const enc = new BodyEncoder({ bodyLines });
  return Buffer.concat([enc.write(message), enc.end()]);
}
