// Splits a server's byte stream into complete IMAP responses (pure, no I/O).
//
// RFC 9051 §4.3: a literal is announced as {N} at the very end of a line
// (servers never send the non-synchronising {N+} form, but we accept it), and
// exactly N bytes of data follow the CRLF, after which the response line goes
// on. A response therefore ends at the first CRLF that is not followed by a
// literal announcement. Literal data is counted, and kept only on request,
// so that a FETCH of gigabytes of bodies measures the server, not this client.

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

export class ResponseReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: string[] = [];
  private partsBytes = 0;
  private literals: Buffer[] = [];
  private literalChunks: Buffer[] = [];
  private literalBytes = 0;
  private literalLeft = 0;
  private readonly ready: ImapResponse[] = [];
  private readonly keep: boolean;
  private readonly maxLine: number;

  constructor(opts: ReaderOptions = {}) {
    this.keep = opts.keepLiterals ?? false;
    this.maxLine = opts.maxLineBytes ?? 16 * 1024 * 1024;
  }

  /** Feeds bytes; throws on a line over the limit (the stream cannot be trusted after that). */
  push(chunk: Buffer): void {
    let data = chunk;
    if (this.literalLeft > 0 && this.pending.length === 0) data = this.takeLiteral(data);
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    for (;;) {
      if (this.literalLeft > 0) {
        this.pending = this.takeLiteral(this.pending);
        if (this.literalLeft > 0) return;
      }
      const end = this.pending.indexOf(CRLF);
      if (end < 0) {
        if (this.partsBytes + this.pending.length > this.maxLine) {
          throw new Error(`response line longer than ${this.maxLine} bytes`);
        }
        return;
      }
      const segment = this.pending.toString('latin1', 0, end);
      this.pending = this.pending.subarray(end + 2);
      this.parts.push(segment);
      this.partsBytes += end + 2;
      if (this.partsBytes > this.maxLine) throw new Error(`response line longer than ${this.maxLine} bytes`);
      const lit = LITERAL_AT_END.exec(segment);
      if (lit) {
        this.literalLeft = Number(lit[1]);
        if (this.literalLeft === 0) this.endLiteral();
        continue;
      }
      this.ready.push({
        text: this.parts.join('\r\n'),
        literals: this.literals,
        literalBytes: this.literalBytes,
      });
      this.parts = [];
      this.partsBytes = 0;
      this.literals = [];
      this.literalBytes = 0;
    }
  }

  /** The next complete response, or undefined. */
  next(): ImapResponse | undefined {
    return this.ready.shift();
  }

  /** Bytes received but not yet part of a complete response. */
  get buffered(): number {
    return this.pending.length + this.partsBytes;
  }

  private takeLiteral(data: Buffer): Buffer {
    const n = Math.min(this.literalLeft, data.length);
    if (n > 0) {
      if (this.keep) this.literalChunks.push(Buffer.from(data.subarray(0, n)));
      this.literalBytes += n;
      this.literalLeft -= n;
    }
    if (this.literalLeft === 0) this.endLiteral();
    return data.subarray(n);
  }

  private endLiteral(): void {
    if (this.keep) this.literals.push(Buffer.concat(this.literalChunks));
    this.literalChunks = [];
  }
}
