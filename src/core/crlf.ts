// Line-end normalisation for stored messages: every bare LF and bare CR becomes CRLF, so
// the stored bytes are what IMAP, POP3 and SMTP must send (RFC 5322 §2.3). Stateful
// across chunks: a CR at the end of one chunk may pair with an LF starting the next.
const CR = 13;
const LF = 10;
const CRLF = Buffer.from([CR, LF]);

export class CrlfNormalizer {
  private pendingCR = false;

  push(chunk: Uint8Array): Buffer {
    if (chunk.length === 0) return Buffer.alloc(0); // a pending CR waits for real bytes
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    // Jumps from line end to line end with native indexOf; clean CRLF input is returned
    // as it came (no copy), which is the common case.
    const parts: Buffer[] = [];
    let i = 0;
    if (this.pendingCR) {
      parts.push(CRLF);
      this.pendingCR = false;
      if (buf[0] === LF) i = 1;
    }
    let start = i;
    let nextCR = buf.indexOf(CR, i);
    let nextLF = buf.indexOf(LF, i);
    while (nextCR !== -1 || nextLF !== -1) {
      if (nextCR !== -1 && (nextLF === -1 || nextCR < nextLF)) {
        const p = nextCR;
        if (p + 1 === buf.length) {
          // A CR ending the chunk may pair with an LF starting the next one.
          parts.push(buf.subarray(start, p));
          this.pendingCR = true;
          start = buf.length;
          break;
        }
        if (buf[p + 1] === LF) {
          nextCR = buf.indexOf(CR, p + 2);
          nextLF = buf.indexOf(LF, p + 2);
          continue;
        }
        parts.push(buf.subarray(start, p), CRLF); // bare CR
        start = p + 1;
        nextCR = buf.indexOf(CR, p + 1);
      } else {
        const p = nextLF; // bare LF (an LF after CR was skipped with its CR)
        parts.push(buf.subarray(start, p), CRLF);
        start = p + 1;
        nextLF = buf.indexOf(LF, p + 1);
      }
    }
    if (start < buf.length) parts.push(buf.subarray(start));
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts);
  }

  end(): Buffer {
    if (!this.pendingCR) return Buffer.alloc(0);
    this.pendingCR = false;
    return Buffer.from(CRLF);
  }
}

export function normalizeCrlf(data: Uint8Array): Buffer {
  const n = new CrlfNormalizer();
  return Buffer.concat([n.push(data), n.end()]);
}
