// editheader (RFC 5293) on the stored copy: the interpreter reports the header as a list
// of original fields (by position) and added fields; this rewrites the header block from
// it. Untouched fields keep their exact bytes; added fields are RFC 2047-encoded when
// not ASCII (RFC 5293 §4) and folded. The caller ingests header + original body as a new
// blob, so the stored bytes and the index (envelope, structure) always agree.
import { encodeWordUtf8 } from '../mime/index.js';
import type { EditedHeader } from '../sieve/index.js';

/** Soft line length for added fields (RFC 5322 §2.1.1). */
const FOLD_AT = 78;

/**
 * The raw fields of a header block (bytes up to and including the blank line), split as
 * `parseHeaderFields` in sieve-message.ts splits them, so position k here is field k
 * there. Lines that are neither a field nor a continuation stay with the field before
 * them (or in `prefix`).
 */
export function splitRawFields(block: Buffer): { prefix: string; fields: string[] } {
  // latin1: one character per byte, so the bytes come back unchanged.
  const text = block.toString('latin1');
  let prefix = '';
  const fields: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\r\n', at);
    const end = nl < 0 ? text.length : nl + 2;
    const line = text.slice(at, end);
    at = end;
    if (line === '\r\n') break; // the blank line ending the header
    const body = line.endsWith('\r\n') ? line.slice(0, -2) : `${line}`;
    const withEnd = `${body}\r\n`;
    if ((body[0] === ' ' || body[0] === '\t') && fields.length) fields[fields.length - 1] += withEnd;
    else if (body.indexOf(':') > 0) fields.push(withEnd);
    else if (fields.length) fields[fields.length - 1] += withEnd;
    else prefix += withEnd;
  }
  return { prefix, fields };
}

/** `Name: value` as header bytes (latin1 string of UTF-8 bytes), encoded and folded. */
export function formatField(name: string, value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  // RFC 5293 §4: a value that is not ASCII is stored as encoded-words.
  const safe = /^[\x20-\x7e\t]*$/.test(flat) ? flat : encodeWordUtf8(flat);
  const words = safe.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const w of words) {
    if (line.length + 1 + w.length > FOLD_AT && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${w}`;
    } else line += ` ${w}`;
  }
  lines.push(line);
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('latin1');
}

/** The new header block (ending with the blank line) for an edited header. */
export function rewriteHeader(block: Buffer, edited: EditedHeader): Buffer {
  const { prefix, fields } = splitRawFields(block);
  let out = prefix;
  for (const f of edited) {
    if ('orig' in f) out += fields[f.orig] ?? '';
    else out += formatField(f.name, f.value);
  }
  return Buffer.from(`${out}\r\n`, 'latin1');
}
