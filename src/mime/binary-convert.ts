// A MIME entity with every base64 / quoted-printable leaf decoded and its
// Content-Transfer-Encoding header rewritten to "binary" (what URLFETCH BINARY returns for
// a message or multipart, RFC 5524 §4 / RFC 3516 "binary" content, as Dovecot does).
// Pure: works on the bytes of the entity already in memory, offsets from the stored tree.
import { decodeTransferBuffer, normalizeEncoding } from './transfer.js';
import type { MimePart } from './types.js';

const DECODED = new Set(['BASE64', 'QUOTED-PRINTABLE']);

function decodes(p: MimePart): boolean {
  return p.type !== 'multipart' && !p.message && DECODED.has(normalizeEncoding(p.encoding));
}

/** The header block with its Content-Transfer-Encoding field (folded lines included)
 *  replaced by "<name>: binary". */
export function rewriteTransferEncoding(header: Buffer): Buffer {
  const text = header.toString('latin1');
  const re = /(^|\r?\n)(content-transfer-encoding)[ \t]*:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/i;
  const m = re.exec(text);
  if (!m) return header;
  const start = m.index + m[1]!.length;
  const end = m.index + m[0].length;
  return Buffer.concat([header.subarray(0, start), Buffer.from(`${m[2]}: binary`), header.subarray(end)]);
}

/**
 * The converted bytes of `part` (its header too when `withHeader`). `buf` holds the stored
 * message bytes from offset `base` on and must cover the part.
 */
export function binaryEntity(buf: Buffer, base: number, part: MimePart, withHeader: boolean): Buffer {
  const out: Buffer[] = [];
  const slice = (s: number, e: number) => buf.subarray(s - base, e - base);
  const header = (p: MimePart) => {
    const h = slice(p.headerStart, p.bodyStart);
    out.push(decodes(p) ? rewriteTransferEncoding(h) : h);
  };
  const body = (p: MimePart) => {
    if (p.type === 'multipart' && p.children?.length) {
      let at = p.bodyStart;
      for (const c of p.children) {
        out.push(slice(at, c.headerStart));
        header(c);
        body(c);
        at = c.bodyEnd;
      }
      out.push(slice(at, p.bodyEnd));
    } else if (p.message) {
      const m = p.message.part;
      out.push(slice(p.bodyStart, m.headerStart));
      header(m);
      body(m);
      out.push(slice(m.bodyEnd, p.bodyEnd));
    } else {
      const raw = slice(p.bodyStart, p.bodyEnd);
      out.push(decodes(p) ? decodeTransferBuffer(raw, p.encoding) : raw);
    }
  };
  if (withHeader) header(part);
  body(part);
  return Buffer.concat(out);
}
