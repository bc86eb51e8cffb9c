// Recognises a literal announcement at the end of a line: `{n}`, `{n+}`, `~{n}`, `~{n+}`.
// RFC 9051 §4.3 (literal), RFC 7888 (LITERAL+/-: `{n+}`), RFC 3516 (literal8: `~{n}`).

export interface LiteralMarker {
  /** Announced size; Infinity when it does not fit a safe integer. */
  size: number;
  /** `{n+}`: the client sends the bytes without waiting for a continuation. */
  nonSync: boolean;
  /** `~{n}`: literal8, may contain NUL. */
  binary: boolean;
  /** Bytes of the line before the marker. */
  start: number;
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const PLUS = 0x2b;
const TILDE = 0x7e;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Returns the marker at the end of `line`, or null. With `checkQuotes`, a `{n}` inside an
 *  unterminated quoted string is not a marker (quoted strings cannot span lines). */
export function literalMarkerAtEnd(line: Buffer, checkQuotes: boolean): LiteralMarker | null {
  const n = line.length;
  if (n < 3 || line[n - 1] !== CLOSE) return null;
  if (checkQuotes && endsInsideQuote(line)) return null;
  let i = n - 2;
  let nonSync = false;
  if (line[i] === PLUS) {
    nonSync = true;
    i--;
  }
  const digitsEnd = i + 1;
  while (i >= 0 && line[i]! >= 0x30 && line[i]! <= 0x39) i--;
  if (i < 0 || line[i] !== OPEN || i + 1 === digitsEnd) return null;
  const digits = line.toString('latin1', i + 1, digitsEnd);
  const parsed = digits.length > 16 ? Number.POSITIVE_INFINITY : Number(digits);
  const size = Number.isSafeInteger(parsed) ? parsed : Number.POSITIVE_INFINITY;
  let start = i;
  let binary = false;
  if (i > 0 && line[i - 1] === TILDE) {
    binary = true;
    start = i - 1;
  }
  return { size, nonSync, binary, start };
}

function endsInsideQuote(line: Buffer): boolean {
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inQuote) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inQuote = false;
    } else if (c === QUOTE) inQuote = true;
  }
  return inQuote;
}
