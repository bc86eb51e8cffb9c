// Just enough header-block reading for SMTP: the fields submission checks or adds
// (From, Sender, Message-ID, Date). Works on the raw CRLF bytes; unfolds continuation
// lines (RFC 5322 §2.2.3). The full MIME parser lives in src/mime.
import addressparser from 'nodemailer/lib/addressparser';

export interface HeaderField {
  /** As written, e.g. 'Message-ID'. */
  name: string;
  /** Unfolded value without the leading space. */
  value: string;
}

/** Byte length of the header block including the blank line, or the whole length if none. */
export function headerLength(message: Buffer): number {
  if (message.subarray(0, 2).toString('latin1') === '\r\n') return 2;
  const end = message.indexOf('\r\n\r\n');
  return end < 0 ? message.length : end + 4;
}

export function parseHeaderBlock(message: Buffer): HeaderField[] {
  const text = message.subarray(0, headerLength(message)).toString('utf8');
  const fields: HeaderField[] = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length > 0) {
      fields[fields.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a field: ignored here, stored as sent
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

export function headerValues(fields: HeaderField[], name: string): string[] {
  const n = name.toLowerCase();
  return fields.filter((f) => f.name.toLowerCase() === n).map((f) => f.value);
}

/** Lower-case addresses in an address-list header value (groups flattened). */
export function addressesIn(value: string): string[] {
  return addressparser(value, { flatten: true })
    .map((a) => (a.address ?? '').toLowerCase())
    .filter((a) => a !== '');
}

/** The Message-ID without angle brackets, or null. */
export function messageIdOf(fields: HeaderField[]): string | null {
  const v = headerValues(fields, 'message-id')[0];
  if (!v) return null;
  const m = /<([^<>\s]+)>/.exec(v);
  return m ? m[1]! : v.trim() || null;
}

/**
 * Removes Authentication-Results fields that claim to come from us (RFC 8601 §5: a
 * receiving MTA SHOULD drop instances bearing its own authserv-id, so that a sender cannot
 * forge our verdict). Other fields and the body are kept byte for byte.
 */
export function dropForgedAuthResults(message: Buffer, authservId: string): Buffer {
  const end = headerLength(message);
  const head = message.subarray(0, end).toString('latin1');
  const id = authservId.toLowerCase();
  const lines = head.split(/(?<=\r\n)/);
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const continuation = line.startsWith(' ') || line.startsWith('\t');
    if (!continuation) {
      const m = /^authentication-results[ \t]*:[ \t\r\n]*(?:\([^)]*\)[ \t]*)*([^\s;()]+)/i.exec(line);
      dropping = m !== null && m[1]!.toLowerCase() === id;
    }
    if (!dropping) kept.push(line);
  }
  if (kept.length === lines.length) return message;
  return Buffer.concat([Buffer.from(kept.join(''), 'latin1'), message.subarray(end)]);
}
