// Encodes POP3 responses. Pure: values in, bytes out.
// RFC 2449 §8 response codes, and RFC 3206 (SYS/TEMP, SYS/PERM, AUTH).

export type Pop3ResponseCode = 'IN-USE' | 'LOGIN-DELAY' | 'SYS/TEMP' | 'SYS/PERM' | 'AUTH';

/** RFC 2449 §4: a response line is at most 512 octets including CRLF. */
export const MAX_RESPONSE_LINE = 512;

/** Removes line breaks and control characters, and caps the length, so a value that
 * came from the client or the store can never break the framing. */
export function sanitizeText(text: string, max = MAX_RESPONSE_LINE - 40): string {
  const clean = text.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}

export function okLine(text = ''): string {
  return text === '' ? '+OK\r\n' : `+OK ${sanitizeText(text)}\r\n`;
}

export function errLine(code: Pop3ResponseCode | null, text: string): string {
  const prefix = code === null ? '-ERR ' : `-ERR [${code}] `;
  return `${prefix}${sanitizeText(text)}\r\n`;
}

/** RFC 5034 §4: a server challenge is "+" SP base64 (empty challenge: "+ "). */
export function continuationLine(base64Challenge: string): string {
  return `+ ${base64Challenge.replace(/[^A-Za-z0-9+/=]/g, '')}\r\n`;
}

/** RFC 1939 §3: one line of a multi-line response, with its leading '.' doubled. */
export function dataLine(line: string): string {
  const clean = line.replace(/[\r\n]+/g, ' ');
  return clean.startsWith('.') ? `.${clean}\r\n` : `${clean}\r\n`;
}

/** The line that ends a multi-line response. */
export const END_OF_MULTILINE = '.\r\n';

/** A complete multi-line response: the +OK line, the data lines, then ".". */
export function multiline(first: string, lines: readonly string[]): string {
  let out = okLine(first);
  for (const l of lines) out += dataLine(l);
  return out + END_OF_MULTILINE;
}
