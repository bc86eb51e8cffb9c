// RFC 2047 encoded words ("=?charset?B|Q?text?="), decoded for display and search.
import { decodeCharset } from './charset.js';
import { decodeTransferBuffer } from './transfer.js';

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\r\n]*)\?=/g;

/** Decodes the encoded text of one word to bytes, or null if it is malformed. */
function wordBytes(kind: string, text: string): Buffer | null {
  if (kind === 'b' || kind === 'B') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s+/g, ''))) return null;
    return decodeTransferBuffer(Buffer.from(text, 'latin1'), 'base64');
  }
  // RFC 2047 §4.2: "_" is a space, "=XX" a byte; a stray "=" is kept.
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5f) out.push(0x20);
    else if (ch === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(ch & 0xff);
  }
  return Buffer.from(out);
}

/**
 * Decodes every encoded word in `text`. Whitespace between adjacent encoded words is
 * dropped (RFC 2047 §6.2); adjacent words of one charset are joined as bytes first, so a
 * multi-byte character split across words survives. Malformed words are left as they are.
 */
export function decodeWords(text: string): string {
  if (!text.includes('=?')) return text;
  let out = '';
  let last = 0;
  let run: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (run) out += decodeCharset(Buffer.concat(run.bytes), run.charset);
    run = null;
  };
  for (const m of text.matchAll(WORD)) {
    const [whole, charset = '', kind = '', encoded = ''] = m;
    const start = m.index ?? 0;
    const between = text.slice(last, start);
    const bytes = wordBytes(kind, encoded);
    if (bytes === null) {
      flush();
      out += between + whole;
      last = start + whole.length;
      continue;
    }
    const cs = charset.toLowerCase().replace(/\*.*$/, ''); // RFC 2231 §5 language suffix
    if (run !== null && /^\s*$/.test(between)) {
      const r: { charset: string; bytes: Buffer[] } = run;
      if (r.charset === cs) r.bytes.push(bytes);
      else {
        flush();
        run = { charset: cs, bytes: [bytes] };
      }
    } else {
      flush();
      out += between;
      run = { charset: cs, bytes: [bytes] };
    }
    last = start + whole.length;
  }
  flush();
  return out + text.slice(last);
}
