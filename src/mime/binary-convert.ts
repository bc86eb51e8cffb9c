// A MIME entity with every base64 / quoted-printable leaf decoded and its
// Content-Transfer-Encoding header rewritten to "binary": what URLFETCH BINARY returns for
// a message or multipart (RFC 5524 §4, as Dovecot does). Also returns the part tree with
// offsets into the converted bytes, so BODYPARTSTRUCTURE can describe the data actually
// sent (sizes and lines of the decoded parts; Dovecot keeps the original encoding names).
// Pure: works on the bytes of the entity already in memory, offsets from the stored tree.
import { setTransferEncoding } from './binary-encode.js';
import { decodeTransferBuffer, normalizeEncoding } from './transfer.js';
import type { MimePart } from './types.js';

const DECODED = new Set(['BASE64', 'QUOTED-PRINTABLE']);

function decodes(p: MimePart): boolean {
  return p.type !== 'multipart' && !p.message && DECODED.has(normalizeEncoding(p.encoding));
}

/** The header block with its Content-Transfer-Encoding field (folded lines included)
 *  replaced by "<name>: binary". */
export function rewriteTransferEncoding(header: Buffer): Buffer {
  return setTransferEncoding(header, 'binary');
}

function countLf(chunks: readonly Buffer[], from: number): number {
  let n = 0;
  for (let i = from; i < chunks.length; i++) for (const c of chunks[i]!) if (c === 0x0a) n++;
  return n;
}

export interface BinaryEntity {
  data: Buffer;
  /** `part` re-based on `data`: offsets, sizes and lines of the converted bytes. */
  part: MimePart;
}

/**
 * The converted bytes of `part` (its header too when `withHeader`). `buf` holds the stored
 * message bytes from offset `base` on and must cover the part.
 */
export function binaryEntity(buf: Buffer, base: number, part: MimePart, withHeader: boolean): BinaryEntity {
  const out: Buffer[] = [];
  let at = 0; // bytes written so far
  const push = (b: Buffer) => {
    out.push(b);
    at += b.length;
  };
  const slice = (s: number, e: number) => buf.subarray(s - base, e - base);
  const header = (p: MimePart) =>
    push(
      decodes(p)
        ? rewriteTransferEncoding(slice(p.headerStart, p.bodyStart))
        : slice(p.headerStart, p.bodyStart),
    );
  // Writes p's body; returns p re-based (headerStart is set by the caller).
  const body = (p: MimePart, headerStart: number): MimePart => {
    const bodyStart = at;
    const first = out.length;
    const q: MimePart = { ...p, headerStart, bodyStart };
    if (p.type === 'multipart' && p.children?.length) {
      let from = p.bodyStart;
      const kids: MimePart[] = [];
      for (const c of p.children) {
        push(slice(from, c.headerStart));
        const hs = at;
        header(c);
        kids.push(body(c, hs));
        from = c.bodyEnd;
      }
      push(slice(from, p.bodyEnd));
      q.children = kids;
    } else if (p.message) {
      const m = p.message.part;
      push(slice(p.bodyStart, m.headerStart));
      const hs = at;
      header(m);
      const inner = body(m, hs);
      push(slice(m.bodyEnd, p.bodyEnd));
      q.message = { envelope: p.message.envelope, part: inner };
    } else {
      const raw = slice(p.bodyStart, p.bodyEnd);
      push(decodes(p) ? decodeTransferBuffer(raw, p.encoding) : raw);
    }
    q.bodyEnd = at;
    q.lines = countLf(out, first);
    return q;
  };
  let hs = 0;
  if (withHeader) {
    hs = at;
    header(part);
  }
  const converted = body(part, hs);
  return { data: Buffer.concat(out), part: converted };
}
