// Turning raw header bytes into text when no charset is declared.
import { isUtf8 } from 'node:buffer';

/** ASCII or valid UTF-8 is read as UTF-8; anything else as Latin-1 (never throws). */
export function bytesToString(buf: Uint8Array): string {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}
