// Content-Transfer-Encoding decoding (RFC 2045 §6), tolerant of real-world damage, with a
// streaming form that later serves IMAP BINARY[] (RFC 3516) as well as the indexer.

/**
 * A streaming decoder: feed encoded chunks of any split, get decoded bytes back. The
 * returned buffer may share memory with the chunk passed in (7bit/8bit/binary): copy it
 * to keep it past the caller's next use of that chunk.
 */
export interface TransferDecoder {
  write(chunk: Uint8Array): Buffer;
  end(): Buffer;
}

const EMPTY = Buffer.alloc(0);

/** Base64 alphabet value of each byte, -1 for bytes that are skipped as garbage. */
const B64 = (() => {
  const t = new Int8Array(256).fill(-1);
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < a.length; i++) t[a.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62; // base64url, seen in broken mailers
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function hexVal(c: number): number {
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}

class Base64Decoder implements TransferDecoder {
  private acc = 0;
  private bits = 0;

  write(chunk: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(Math.ceil((chunk.length * 3) / 4) + 3);
    let n = 0;
    let acc = this.acc;
    let bits = this.bits;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      const v = B64[c] as number;
      if (v < 0) {
        // Padding closes a quantum: drop its left-over bits, so that concatenated
        // base64 blocks ("QQ==QkI=") still decode. Other bytes are garbage, skipped.
        if (c === 61 /* = */) {
          bits = 0;
          acc = 0;
        }
        continue;
      }
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >> bits) & 0xff;
      }
    }
    this.acc = acc;
    this.bits = bits;
    return out.subarray(0, n);
  }

  end(): Buffer {
    this.acc = 0;
    this.bits = 0;
    return EMPTY;
  }
}

/**
 * Quoted-printable (RFC 2045 §6.7): "=XX" escapes, soft line breaks ("=" then optional
 * whitespace then a line break), trailing whitespace on a line removed (rule 3), and any
 * malformed "=" sequence kept literally.
 */
class QuotedPrintableDecoder implements TransferDecoder {
  private pending: Buffer = EMPTY;

  write(chunk: Uint8Array): Buffer {
    const input = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
    const { out, consumed } = decodeQp(input, false);
    this.pending = consumed < input.length ? Buffer.from(input.subarray(consumed)) : EMPTY;
    return out;
  }

  end(): Buffer {
    const { out } = decodeQp(this.pending, true);
    this.pending = EMPTY;
    return out;
  }
}

function isWsp(c: number | undefined): boolean {
  return c === 32 || c === 9;
}

/** Decodes as much as can be decided; with `final`, everything. */
function decodeQp(src: Buffer, final: boolean): { out: Buffer; consumed: number } {
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  let i = 0;
  const len = src.length;
  while (i < len) {
    const c = src[i] as number;
    if (c === 61 /* = */) {
      let j = i + 1;
      while (j < len && isWsp(src[j])) j++;
      if (j >= len) {
        if (!final) break;
        i = len; // "=" at the very end: a soft break with nothing after it
        continue;
      }
      const d = src[j] as number;
      if (d === 13 || d === 10) {
        // soft line break
        if (d === 13) {
          if (j + 1 >= len && !final) break;
          i = src[j + 1] === 10 ? j + 2 : j + 1;
        } else i = j + 1;
        continue;
      }
      if (j === i + 1 && isHex(d)) {
        if (i + 2 >= len) {
          if (!final) break;
        } else if (isHex(src[i + 2] as number)) {
          out[n++] = (hexVal(d) << 4) | hexVal(src[i + 2] as number);
          i += 3;
          continue;
        }
      }
      out[n++] = c; // malformed: keep "=" as is
      i++;
      continue;
    }
    if (isWsp(c)) {
      let j = i + 1;
      while (j < len && isWsp(src[j])) j++;
      if (j >= len && !final) break;
      const d = src[j];
      if (j >= len || d === 10 || (d === 13 && src[j + 1] === 10)) {
        i = j; // trailing whitespace is dropped
        continue;
      }
      if (d === 13 && j + 1 >= len && !final) break;
      while (i < j) out[n++] = src[i++] as number;
      continue;
    }
    out[n++] = c;
    i++;
  }
  return { out: out.subarray(0, n), consumed: i };
}

class IdentityDecoder implements TransferDecoder {
  write(chunk: Uint8Array): Buffer {
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  end(): Buffer {
    return EMPTY;
  }
}

/** Normalised name of a transfer encoding, upper case, '7BIT' when empty. */
export function normalizeEncoding(encoding: string | null | undefined): string {
  const e = (encoding ?? '').trim().replace(/^"|"$/g, '').toUpperCase();
  return e || '7BIT';
}

/** Whether a streaming decoder exists for the encoding (IMAP BINARY answers UNKNOWN-CTE otherwise). */
export function isKnownEncoding(encoding: string | null | undefined): boolean {
  return ['7BIT', '8BIT', 'BINARY', 'BASE64', 'QUOTED-PRINTABLE'].includes(normalizeEncoding(encoding));
}

/** A streaming decoder; unknown encodings pass bytes through unchanged. */
export function decodeTransfer(encoding: string | null | undefined): TransferDecoder {
  switch (normalizeEncoding(encoding)) {
    case 'BASE64':
      return new Base64Decoder();
    case 'QUOTED-PRINTABLE':
      return new QuotedPrintableDecoder();
    default:
      return new IdentityDecoder();
  }
}

/** Decodes a whole buffer. */
export function decodeTransferBuffer(buf: Uint8Array, encoding: string | null | undefined): Buffer {
  const d = decodeTransfer(encoding);
  const a = d.write(buf);
  const b = d.end();
  return b.length ? Buffer.concat([a, b]) : a;
}
