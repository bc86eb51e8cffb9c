// RFC 5228 §2.4.2.4 encoded-character: "${hex: 41 42}" and "${unicode: 263a}" inside strings.
import { type Position, SieveSyntaxError } from './errors.js';

const ENCODED = /\$\{(hex|unicode):([\s0-9a-fA-F]*)\}/gi;

export function decodeEncodedCharacters(s: string, pos: Position): string {
  if (!s.includes('${')) return s;
  return s.replace(ENCODED, (whole, kind: string, body: string) => {
    const items = body.trim().split(/\s+/).filter(Boolean);
    if (items.length === 0) return whole;
    if (kind.toLowerCase() === 'hex') {
      const bytes = items.map((h) => {
        if (h.length > 2) throw new SieveSyntaxError(`bad hex encoding "${h}" in string`, pos);
        return Number.parseInt(h, 16);
      });
      return Buffer.from(bytes).toString('utf8');
    }
    return items
      .map((h) => {
        const cp = Number.parseInt(h, 16);
        // RFC 5228 §2.4.2.4: a surrogate or a value above 0x10FFFF is an error.
        if (h.length > 6 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
          throw new SieveSyntaxError(`bad unicode encoding "${h}" in string`, pos);
        return String.fromCodePoint(cp);
      })
      .join('');
  });
}
