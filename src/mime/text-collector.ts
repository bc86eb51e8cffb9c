// Collects the decoded text of text/plain and text/html parts for search and preview,
// bounded by a byte budget shared by the whole message.
import { decodeCharset } from './charset.js';
import { htmlToText } from './html.js';
import { decodeTransfer, type TransferDecoder } from './transfer.js';

export interface TextBudget {
  /** Decoded bytes still allowed. */
  remaining: number;
}

export class TextCollector {
  private readonly decoder: TransferDecoder;
  /** Decoded bytes so far, in a buffer that grows by doubling (one copy per byte). */
  private buf = Buffer.alloc(0);
  private len = 0;

  constructor(
    encoding: string,
    private readonly charset: string | null,
    private readonly html: boolean,
    private readonly budget: TextBudget,
  ) {
    this.decoder = decodeTransfer(encoding);
  }

  write(chunk: Uint8Array): void {
    if (this.budget.remaining <= 0) return;
    this.keep(this.decoder.write(chunk));
  }

  private keep(buf: Buffer): void {
    if (buf.length === 0 || this.budget.remaining <= 0) return;
    const n = Math.min(buf.length, this.budget.remaining);
    this.budget.remaining -= n;
    if (this.len + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.len + n, this.buf.length * 2, 256));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    buf.copy(this.buf, this.len, 0, n);
    this.len += n;
  }

  /** The decoded text (HTML converted to plain text). */
  finish(): string {
    this.keep(this.decoder.end());
    const text = decodeCharset(this.buf.subarray(0, this.len), this.charset);
    return this.html ? htmlToText(text) : text;
  }
}
