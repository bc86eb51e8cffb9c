// Line-end normalisation for stored messages: every bare LF and bare CR becomes CRLF, so
// the stored bytes are what IMAP, POP3 and SMTP must send (RFC 5322 §2.3). Stateful
// across chunks: a CR at the end of one chunk may pair with an LF starting the next.
const CR = 13;
const LF = 10;

export class CrlfNormalizer {
  private pendingCR = false;

  push(chunk: Uint8Array): Buffer {
    if (chunk.length === 0) return Buffer.alloc(0); // a pending CR waits for real bytes
    // Worst case every byte is a bare line end: twice the size (plus a pending CR).
    const out = Buffer.allocUnsafe(chunk.length * 2 + 2);
    let o = 0;
    let i = 0;
    if (this.pendingCR) {
      out[o++] = CR;
      out[o++] = LF;
      this.pendingCR = false;
      if (chunk[0] === LF) i = 1;
    }
    let start = i; // start of a run of plain bytes copied in one go
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b !== CR && b !== LF) continue;
      if (i > start) {
        out.set(chunk.subarray(start, i), o);
        o += i - start;
      }
      if (b === CR) {
        if (i + 1 === chunk.length) {
          this.pendingCR = true;
          start = i + 1;
          continue;
        }
        if (chunk[i + 1] === LF) i++;
      }
      out[o++] = CR;
      out[o++] = LF;
      start = i + 1;
    }
    if (start < chunk.length) {
      out.set(chunk.subarray(start), o);
      o += chunk.length - start;
    }
    return out.subarray(0, o);
  }

  end(): Buffer {
    if (!this.pendingCR) return Buffer.alloc(0);
    this.pendingCR = false;
    return Buffer.from([CR, LF]);
  }
}

export function normalizeCrlf(data: Uint8Array): Buffer {
  const n = new CrlfNormalizer();
  return Buffer.concat([n.push(data), n.end()]);
}
