// Collects the decoded text of text/plain and text/html parts for search and preview,
// bounded by a byte budget shared by the whole message.
import { convert } from 'html-to-text';
import { decodeCharset } from './charset.js';
import { decodeTransfer, type TransferDecoder } from './transfer.js';

export interface TextBudget {
  /** Decoded bytes still allowed. */
  remaining: number;
}

export class TextCollector {
  private readonly decoder: TransferDecoder;
  private readonly chunks: Buffer[] = [];

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
    const b = buf.length > this.budget.remaining ? buf.subarray(0, this.budget.remaining) : buf;
    this.budget.remaining -= b.length;
    this.chunks.push(Buffer.from(b));
  }

  /** The decoded text (HTML converted to plain text). */
  finish(): string {
    this.keep(this.decoder.end());
    const text = decodeCharset(Buffer.concat(this.chunks), this.charset);
    if (!this.html) return text;
    try {
      return convert(text, {
        wordwrap: false,
        selectors: [
          { selector: 'a', options: { ignoreHref: true } },
          { selector: 'img', format: 'skip' },
        ],
      });
    } catch {
      return text.replace(/<[^>]*>/g, ' ');
    }
  }
}
