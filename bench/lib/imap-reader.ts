// Splits a server's byte stream into complete IMAP responses (pure, no I/O).
//
// RFC 9051 §4.3: a literal is announced as {N} at the very end of a line
// (servers never send the non-synchronising {N+} form, but we accept it), and
// exactly N bytes of data follow the CRLF, after which the response line goes
// on. A response therefore ends at the first CRLF that is not followed by a
// literal announcement. Literal data is counted, and kept only on request,
// so that a FETCH of gigabytes of bodies measures the server, not this client.

import { Fifo } from './fifo.js';

export interface ImapResponse {
  /** The response text with each literal's data left out (its {N} announcement stays). */
  readonly text: string;
  /** Literal payloads, only when the reader keeps them. */
  readonly literals: readonly Buffer[];
  /** Total bytes of literal data in this response. */
  readonly literalBytes: number;
}

export interface ReaderOptions {
  /** Keep literal payloads (default false: count them only). */
  readonly keepLiterals?: boolean;
  /** Longest line (excluding literal data) accepted before failing; default 16 MiB. */
  readonly maxLineBytes?: number;
}

const CRLF = Buffer.from('\r\n');
const LITERAL_AT_END = /\{(\d{1,12})\+?\}$/;
const CLOSE_BRACE = 0x7d;

export class ResponseReader {
  /** Unconsumed input is pending[pos..]; an offset instead of re-slicing per line keeps framing cheap. */
  private pending: Buffer = Buffer.alloc(0);
  private pos = 0;
  private parts: string[] = [];
  private partsBytes = 0;
  private literals: Buffer[] = [];
  private literalChunks: Buffer[] = [];
  private literalBytes = 0;
  private literalLeft = 0;
  private readonly ready = new Fifo<ImapResponse>();
  private readonly keep: boolean;
  private readonly maxLine: number;

  constructor(opts: ReaderOptions = {}) {
    this.keep = opts.keepLiterals ?? false;
    this.maxLine = opts.maxLineBytes ?? 16 * 1024 * 1024;
  }

  /** Feeds bytes; throws on a line over the limit (the stream cannot be trusted after that). */
  push(chunk: Buffer): void {
    let data = chunk;
    const rest = this.pending.length - this.pos;
    if (this.literalLeft > 0 && rest === 0) data = this.takeLiteral(data, 0);
    this.pending = rest === 0 ? data : Buffer.concat([this.pending.subarray(this.pos), data]);
    this.pos = 0;
    const buf = this.pending;
    for (;;) {
      if (this.literalLeft > 0) {
        const remaining = buf.subarray(this.pos);
        const after = this.takeLiteral(remaining, 0);
        this.pos += remaining.length - after.length;
        if (this.literalLeft > 0) return;
      }
      const end = buf.indexOf(CRLF, this.pos);
      if (end < 0) {
        if (this.partsBytes + buf.length - this.pos > this.maxLine) {
          throw new Error(`response line longer than ${this.maxLine} bytes`);
        }
        return;
      }
      const len = end - this.pos;
      if (this.partsBytes + len + 2 > this.maxLine) {
        throw new Error(`response line longer than ${this.maxLine} bytes`);
      }
      const segment = buf.toString('latin1', this.pos, end);
      this.pos = end + 2;
      const lit = len > 0 && buf[end - 1] === CLOSE_BRACE ? LITERAL_AT_END.exec(segment) : null;
      if (lit) {
        this.parts.push(segment);
        this.partsBytes += len + 2;
        this.literalLeft = Number(lit[1]);
        if (this.literalLeft === 0) this.endLiteral();
        continue;
      }
      // the common case, a response without literals, joins nothing
      const text = this.parts.length === 0 ? segment : `${this.parts.join('\r\n')}\r\n${segment}`;
      this.ready.push({ text, literals: this.literals, literalBytes: this.literalBytes });
      this.parts = [];
      this.partsBytes = 0;
      this.literals = [];
      this.literalBytes = 0;
    }
  }

  /** The next complete response, or undefined. */
  next(): ImapResponse | undefined {
    return this.ready.take();
  }

  /** Bytes received but not yet part of a complete response. */
  get buffered(): number {
    return this.pending.length - this.pos + this.partsBytes;
  }

  private takeLiteral(data: Buffer, from: number): Buffer {
    const n = Math.min(this.literalLeft, data.length - from);
    if (n > 0) {
      if (this.keep) this.literalChunks.push(Buffer.from(data.subarray(from, from + n)));
      this.literalBytes += n;
      this.literalLeft -= n;
    }
    if (this.literalLeft === 0) this.endLiteral();
    return data.subarray(from + n);
  }

  private endLiteral(): void {
    if (this.keep) this.literals.push(Buffer.concat(this.literalChunks));
    this.literalChunks = [];
  }
}
