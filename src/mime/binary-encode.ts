// The reverse of binary-convert: a message sent as an IMAP literal8 (APPEND ~{n}, RFC 3516
// §4.4) may hold parts with "Content-Transfer-Encoding: binary" whose bytes (NUL, bare LF,
// bare CR) the store cannot keep: stored messages are CRLF-normalised (RFC 5322 §2.3) and
// BODY[] must not send NUL in a literal (RFC 9051 §4.3). Each such leaf is stored as
// base64 instead, with its header field rewritten, as Dovecot does; BINARY[n] decodes it
// back to the exact bytes the client sent, and BINARY.SIZE is their count.
//
// Two passes over the same bytes: the analyzer (which copes with bare LF) finds the parts
// and their offsets, then encodeBinaryParts() streams the bytes again with the edits
// applied. Memory is bounded by one part header plus a chunk.
import { normalizeEncoding } from './transfer.js';
import type { MimePart } from './types.js';

/** One part whose body is re-encoded: header [headerStart, bodyStart), body [bodyStart, bodyEnd). */
export interface BinaryLeaf {
  headerStart: number;
  bodyStart: number;
  bodyEnd: number;
}

/** The leaves declared "binary", in message order. Multiparts and encapsulated messages are
 *  never encoded themselves (their content is MIME structure, which base64 would hide);
 *  their children are looked at instead. */
export function binaryLeaves(root: MimePart): BinaryLeaf[] {
  const out: BinaryLeaf[] = [];
  const walk = (p: MimePart) => {
    if (p.children) for (const c of p.children) walk(c);
    else if (p.message) walk(p.message.part);
    else if (p.type !== 'multipart' && normalizeEncoding(p.encoding) === 'BINARY')
      out.push({ headerStart: p.headerStart, bodyStart: p.bodyStart, bodyEnd: p.bodyEnd });
  };
  walk(root);
  return out;
}

/** The header block with its Content-Transfer-Encoding field (folded lines included)
 *  replaced by "<name>: <value>". */
export function setTransferEncoding(header: Buffer, value: string): Buffer {
  const text = header.toString('latin1');
  const re = /(^|\r?\n)(content-transfer-encoding)[ \t]*:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/i;
  const m = re.exec(text);
  if (!m) return header;
  const start = m.index + m[1]!.length;
  const end = m.index + m[0].length;
  return Buffer.concat([header.subarray(0, start), Buffer.from(`${m[2]}: ${value}`), header.subarray(end)]);
}

/** base64 in lines of 76 characters joined by CRLF (RFC 2045 §6.8), no line break after
 *  the last one: the line break that follows the body in the message is kept as it was. */
export class Base64Lines {
  private carry: Buffer = Buffer.alloc(0);
  private lines = 0;

  push(chunk: Buffer): Buffer {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = data.length - (data.length % 57);
    this.carry = Buffer.from(data.subarray(whole));
    return this.lineUp(data.subarray(0, whole));
  }

  end(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return this.lineUp(rest);
  }

  private lineUp(bytes: Buffer): Buffer {
    if (!bytes.length) return Buffer.alloc(0);
    const text = bytes.toString('base64');
    let s = '';
    for (let i = 0; i < text.length; i += 76) {
      if (this.lines++ > 0) s += '\r\n';
      s += text.slice(i, i + 76);
    }
    return Buffer.from(s, 'latin1');
  }
}

/** Bytes outside every encoded body contain NUL: the message cannot be stored. */
export class NulOutsideBinaryError extends Error {
  constructor(readonly offset: number) {
    super(`NUL octet at offset ${offset} outside a binary body part`);
    this.name = 'NulOutsideBinaryError';
  }
}

/**
 * `source` (the bytes the leaves' offsets refer to) with every leaf's
 * Content-Transfer-Encoding set to base64 and its body base64-encoded. Throws
 * NulOutsideBinaryError when a NUL is left in the bytes passed through unchanged.
 */
export async function* encodeBinaryParts(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  leaves: readonly BinaryLeaf[],
): AsyncGenerator<Buffer> {
  let pos = 0; // absolute offset of the next input byte
  let k = 0; // next leaf
  let header: Buffer[] = [];
  let b64: Base64Lines | null = null;
  for await (const c of source) {
    let chunk = Buffer.from(c.buffer, c.byteOffset, c.length);
    while (chunk.length) {
      const leaf = leaves[k];
      if (!leaf || pos < leaf.headerStart) {
        // Passed through unchanged up to the next leaf.
        const n = leaf ? Math.min(chunk.length, leaf.headerStart - pos) : chunk.length;
        const out = chunk.subarray(0, n);
        const nul = out.indexOf(0);
        if (nul >= 0) throw new NulOutsideBinaryError(pos + nul);
        yield out;
        pos += n;
        chunk = chunk.subarray(n);
      } else if (pos < leaf.bodyStart) {
        const n = Math.min(chunk.length, leaf.bodyStart - pos);
        header.push(Buffer.from(chunk.subarray(0, n)));
        pos += n;
        chunk = chunk.subarray(n);
        if (pos === leaf.bodyStart) {
          const h = Buffer.concat(header);
          header = [];
          const nul = h.indexOf(0);
          if (nul >= 0) throw new NulOutsideBinaryError(leaf.headerStart + nul);
          yield setTransferEncoding(h, 'base64');
          b64 = new Base64Lines();
        }
      } else {
        b64 ??= new Base64Lines();
        const n = Math.min(chunk.length, leaf.bodyEnd - pos);
        const out = b64.push(chunk.subarray(0, n));
        if (out.length) yield out;
        pos += n;
        chunk = chunk.subarray(n);
      }
      if (leaf && pos >= leaf.bodyStart && pos === leaf.bodyEnd) {
        // Also reached for an empty body, right after its header.
        const out = (b64 ?? new Base64Lines()).end();
        if (out.length) yield out;
        b64 = null;
        k++;
      }
    }
  }
  // The source ended inside a leaf (offsets from the same bytes make this the last one).
  if (header.length) yield setTransferEncoding(Buffer.concat(header), 'base64');
  if (b64) {
    const out = b64.end();
    if (out.length) yield out;
  }
}
