// Encoding of IMAP strings for ENVELOPE and BODYSTRUCTURE (RFC 9051 §4.3, §9 `string`, `nstring`).

export interface ImapStringOptions {
  /**
   * The session accepts UTF-8 in quoted strings (RFC 9051 §6.3.1 UTF8=ACCEPT / IMAP4rev2).
   * Without it, text with 8-bit characters is sent as an RFC 2047 encoded word so that
   * clients which expect 7-bit structure strings keep working (see CLIENT-QUIRKS §6).
   */
  utf8?: boolean;
  /**
   * Without `utf8`: send 8-bit text as a literal of UTF-8 bytes (valid IMAP4rev1, CHAR8)
   * instead of an encoded word. Off by default: several clients mis-handle raw 8-bit here.
   */
  literal8bit?: boolean;
}

/** Longest string sent quoted; longer ones become literals. */
const MAX_QUOTED = 1024;

/** NIL for null, otherwise a quoted string or a literal. */
export function imapNString(value: string | null | undefined, opts: ImapStringOptions = {}): string {
  if (value === null || value === undefined) return 'NIL';
  return imapString(value, opts);
}

export function imapString(value: string, opts: ImapStringOptions = {}): string {
  // Dovecot replaces NUL so that a field is not cut short; a NUL is never valid in IMAP text.
  let s = value.includes('\0') ? value.replace(/\0/g, '\u0080') : value;
  const eightBit = !opts.utf8 && /[^\x00-\x7f]/.test(s);
  if (eightBit && !opts.literal8bit) s = encodeWordUtf8(s);
  if (s.length > MAX_QUOTED || /[\r\n]/.test(s) || (eightBit && opts.literal8bit)) {
    return `{${Buffer.byteLength(s, 'utf8')}}\r\n${s}`;
  }
  return `"${s.replace(/[\\"]/g, '\\$&')}"`;
}

/** RFC 2047 §4.1 "B" encoded words (each at most 75 characters), separated by spaces. */
export function encodeWordUtf8(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 45 input bytes make 60 base64 characters: with "=?utf-8?B?" and "?=" that is 72.
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?utf-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}
