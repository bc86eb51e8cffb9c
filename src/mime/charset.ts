// Charset decoding: TextDecoder (WHATWG labels, ICU) first, iconv-lite second, then a
// fallback that never throws (UTF-8 if the bytes are valid UTF-8, Latin-1 otherwise).
import iconv from 'iconv-lite';
import { bytesToString } from './bytes.js';

/** Aliases seen in real mail that neither TextDecoder nor iconv-lite know. */
const ALIASES: Record<string, string> = {
  'x-unknown': '',
  unknown: '',
  'unknown-8bit': '',
  'x-user-defined': '',
  default: '',
  // Declared ASCII with 8-bit bytes is nearly always UTF-8 or Latin-1: let the fallback guess.
  'us-ascii': '',
  ascii: '',
  'ansi_x3.4-1968': '',
  'ks_c_5601-1987': 'euc-kr',
  'x-sjis': 'shift_jis',
  cp1252: 'windows-1252',
  'x-mac-roman': 'macintosh',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
};

/** Normalises a charset label: lower case, quotes/whitespace and RFC 2231 language removed. */
export function normalizeCharset(charset: string): string {
  let c = charset
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  const star = c.indexOf('*'); // RFC 2231 §5: charset*language
  if (star >= 0) c = c.slice(0, star);
  return ALIASES[c] ?? c;
}

/** Whether `charset` names an encoding this module can decode. */
export function isKnownCharset(charset: string): boolean {
  const c = normalizeCharset(charset);
  if (!c) return false;
  return textDecoderFor(c) !== null || iconv.encodingExists(c);
}

function textDecoderFor(label: string): InstanceType<typeof TextDecoder> | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/** Decodes `buf` in `charset`; an unknown or missing charset falls back without throwing. */
export function decodeCharset(buf: Uint8Array, charset: string | null | undefined): string {
  if (buf.length === 0) return '';
  const c = charset ? normalizeCharset(charset) : '';
  if (c) {
    if (c === 'utf-8' && isAscii(buf)) return Buffer.from(buf).toString('latin1');
    const td = textDecoderFor(c);
    // Node's TextDecoder decodes the windows-1252 family as plain Latin-1 (0x80 -> U+0080,
    // not "€"); iconv-lite gets it right, as WHATWG requires for every label of that family.
    if (td?.encoding === 'windows-1252') return iconv.decode(Buffer.from(buf), 'windows-1252');
    if (td) {
      try {
        return td.decode(buf);
      } catch {
        // fall through to iconv-lite
      }
    }
    if (iconv.encodingExists(c)) {
      try {
        return iconv.decode(Buffer.from(buf), c);
      } catch {
        // fall through to the fallback
      }
    }
  }
  return bytesToString(buf);
}

function isAscii(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) if ((buf[i] as number) > 0x7f) return false;
  return true;
}
