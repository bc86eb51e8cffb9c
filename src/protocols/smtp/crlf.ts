// Line-end normalisation for message data: every bare LF becomes CRLF, a bare CR is
// kept as is (RFC 5322 forbids it but it is data, not a line end). Chunk boundaries are
// handled: a CR at the end of one chunk and an LF at the start of the next stay one CRLF.
// (CLIENT-QUIRKS §8: libraries send `\n`-only lines; end of DATA is recognised by the
// SMTP layer only as <CRLF>.<CRLF>, so this never changes where a message ends.)

export class CrlfNormaliser {
  private lastWasCr = false;

  /** Returns the normalised bytes of `chunk`. */
  push(chunk: Buffer): Buffer {
    let extra = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x0a && !(i === 0 ? this.lastWasCr : chunk[i - 1] === 0x0d)) extra++;
    }
    if (extra === 0) {
      if (chunk.length) this.lastWasCr = chunk[chunk.length - 1] === 0x0d;
      return chunk;
    }
    const out = Buffer.allocUnsafe(chunk.length + extra);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a && !(i === 0 ? this.lastWasCr : chunk[i - 1] === 0x0d)) out[o++] = 0x0d;
      out[o++] = b;
    }
    this.lastWasCr = chunk[chunk.length - 1] === 0x0d;
    return out;
  }
}

/** Whole-buffer form of CrlfNormaliser. */
export function normaliseCrlf(data: Buffer): Buffer {
  return new CrlfNormaliser().push(data);
}
