// Header blocks (RFC 5322 §2.2): fields in order, unfolded; and the exact byte selection
// that IMAP BODY[HEADER.FIELDS (...)] returns.
import { bytesToString } from './bytes.js';

export interface HeaderField {
  /** Field name as written (case kept). */
  name: string;
  /** Unfolded value (CRLF before whitespace removed), leading whitespace trimmed, raw bytes read as UTF-8/Latin-1. */
  value: string;
}

interface RawField {
  name: string;
  start: number; // first byte of the field's first line
  end: number; // just past the last line's line break
  valueStart: number; // just past the colon
}

/** Splits a header block into fields with byte ranges. Lines without a colon are skipped. */
function scanFields(buf: Uint8Array): RawField[] {
  const fields: RawField[] = [];
  let pos = 0;
  const len = buf.length;
  let cur: RawField | null = null;
  while (pos < len) {
    let eol = pos;
    while (eol < len && buf[eol] !== 10) eol++;
    const next = eol < len ? eol + 1 : len;
    const c = buf[pos];
    if (c === 13 && buf[pos + 1] === 10) break; // blank line: end of header
    if (c === 10) break;
    if (c === 32 || c === 9) {
      if (cur) cur.end = next; // continuation line (RFC 5322 §2.2.3)
    } else {
      let colon = -1;
      for (let i = pos; i < eol; i++) {
        if (buf[i] === 58) {
          colon = i;
          break;
        }
      }
      cur = null;
      if (colon > pos) {
        let nameEnd = colon;
        while (nameEnd > pos && (buf[nameEnd - 1] === 32 || buf[nameEnd - 1] === 9)) nameEnd--;
        const name = Buffer.from(buf.buffer, buf.byteOffset + pos, nameEnd - pos).toString('latin1');
        if (nameEnd > pos && !/[\s]/.test(name)) {
          cur = { name, start: pos, end: next, valueStart: colon + 1 };
          fields.push(cur);
        }
      }
    }
    pos = next;
  }
  return fields;
}

function unfold(raw: string): string {
  return raw
    .replace(/\r?\n(?=[ \t])/g, '')
    .replace(/\r?\n$/, '')
    .replace(/^[ \t]+/, '');
}

/** Parses a header block (up to the first blank line) into ordered, unfolded fields. */
export function parseHeaderBlock(buf: Uint8Array): HeaderField[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return scanFields(b).map((f) => ({
    name: f.name,
    value: unfold(bytesToString(b.subarray(f.valueStart, f.end))),
  }));
}

/** The value of the first field called `name` (case-insensitive), or null. */
export function headerValue(fields: HeaderField[], name: string): string | null {
  const n = name.toLowerCase();
  for (const f of fields) if (f.name.toLowerCase() === n) return f.value;
  return null;
}

/** All values of fields called `name`. */
export function headerValues(fields: HeaderField[], name: string): string[] {
  const n = name.toLowerCase();
  return fields.filter((f) => f.name.toLowerCase() === n).map((f) => f.value);
}

/**
 * BODY[HEADER.FIELDS (names)] and BODY[HEADER.FIELDS.NOT (names)] (RFC 9051 §6.4.5):
 * the original lines of the matching (or, with `not`, non-matching) fields, in order,
 * followed by the blank line that ends a header.
 */
export function selectHeaderFields(buf: Uint8Array, names: readonly string[], not: boolean): Buffer {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const parts: Buffer[] = [];
  for (const f of scanFields(b)) {
    if (wanted.has(f.name.toLowerCase()) !== not) {
      const line = b.subarray(f.start, f.end);
      parts.push(line);
      if (line[line.length - 1] !== 10) parts.push(Buffer.from('\r\n'));
    }
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}
