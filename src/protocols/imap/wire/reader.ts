// Lexical reader over one framed command (RFC 9051 §4, §9): the tokenizer the typed
// parsers pull from. Text parts and literal parts alternate; a string argument may be a
// quoted string or a literal. All methods throw WireSyntaxError on malformed input.

import { fail } from './errors.js';
import type { FramePart, LiteralPart, StreamedPart } from './frame.js';

const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_UINT32 = 0xffffffff;

/** RFC 9051 atom-specials: ( ) { SP CTL % * " \ ] (and 8-bit, which is not CHAR). */
export function isAtomChar(c: number): boolean {
  if (c <= 0x20 || c >= 0x7f) return false;
  return (
    c !== 0x28 &&
    c !== 0x29 &&
    c !== 0x7b &&
    c !== 0x25 &&
    c !== 0x2a &&
    c !== 0x22 &&
    c !== 0x5c &&
    c !== 0x5d
  );
}

/** ASTRING-CHAR = ATOM-CHAR / "]"; 8-bit bytes are accepted too (raw UTF-8 mailbox names
 *  from clients that forget to quote them: lenient, see CLIENT-QUIRKS §3). */
function isAstringChar(c: number): boolean {
  return isAtomChar(c) || c === 0x5d || c >= 0x80;
}

/** list-char = ATOM-CHAR / list-wildcards / resp-specials (plus 8-bit, as above). */
function isListChar(c: number): boolean {
  return isAstringChar(c) || c === 0x25 || c === 0x2a;
}

export class Reader {
  private part = 0;
  private off = 0;
  constructor(private readonly parts: readonly FramePart[]) {}

  private text(): Buffer | null {
    const p = this.parts[this.part];
    return p?.kind === 'text' ? p.data : null;
  }

  /** Current position, to come back to with reset() after a look-ahead. */
  mark(): [number, number] {
    return [this.part, this.off];
  }

  reset(m: [number, number]): void {
    [this.part, this.off] = m;
  }

  /** Next byte of the current text part, or -1 (end of text: a literal or the end). */
  peek(): number {
    const t = this.text();
    return t && this.off < t.length ? t[this.off]! : -1;
  }

  /** Where we are, for error messages. */
  where(): string {
    const t = this.text();
    if (!t) return 'at a literal';
    return this.off >= t.length
      ? 'at end of line'
      : `near "${t.toString('latin1', this.off, this.off + 20)}"`;
  }

  private literalNext(): boolean {
    const t = this.text();
    return !!t && this.off >= t.length && this.part + 1 < this.parts.length;
  }

  /** True when nothing is left (trailing spaces are tolerated). */
  atEnd(): boolean {
    const t = this.text();
    if (!t || this.part + 1 < this.parts.length) return false;
    for (let i = this.off; i < t.length; i++) if (t[i] !== SP) return false;
    return true;
  }

  end(): void {
    if (!this.atEnd()) fail(`Unexpected extra arguments ${this.where()}`);
  }

  sp(): void {
    if (this.peek() !== SP) fail(`Expected a space ${this.where()}`);
    this.off++;
  }

  /** Consumes one SP if present. */
  maybeSp(): boolean {
    if (this.peek() !== SP) return false;
    this.off++;
    return true;
  }

  /** Consumes `s` (case-insensitive) if it comes next. */
  take(s: string): boolean {
    const t = this.text();
    if (!t || this.off + s.length > t.length) return false;
    for (let i = 0; i < s.length; i++) {
      const a = t[this.off + i]!;
      const b = s.charCodeAt(i);
      if (
        a !== b &&
        !(a >= 0x61 && a <= 0x7a && a - 0x20 === b) &&
        !(b >= 0x61 && b <= 0x7a && b - 0x20 === a)
      )
        return false;
    }
    this.off += s.length;
    return true;
  }

  expect(s: string): void {
    if (!this.take(s)) fail(`Expected "${s}" ${this.where()}`);
  }

  /** True if the next word is `word` (case-insensitive) followed by a non-atom char. */
  peekWord(word: string): boolean {
    const t = this.text();
    if (!t) return false;
    const save = this.off;
    const ok = this.take(word) && !isAtomChar(this.peek());
    this.off = save;
    return ok;
  }

  /** Consumes bytes while pred holds; returns them as latin1 text (may be empty). */
  takeWhile(pred: (c: number) => boolean): string {
    const t = this.text();
    if (!t) return '';
    const start = this.off;
    while (this.off < t.length && pred(t[this.off]!)) this.off++;
    return t.toString('latin1', start, this.off);
  }

  /** RFC 9051 atom = 1*ATOM-CHAR. */
  atom(what = 'atom'): string {
    const s = this.takeWhile(isAtomChar);
    if (!s) fail(`Expected ${what} ${this.where()}`);
    return s;
  }

  /** Run of letters, digits, "." and "-" (FETCH/STATUS item names before "[" or "<"). */
  word(what = 'item name'): string {
    const s = this.takeWhile(
      (c) =>
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2e ||
        c === 0x2d,
    );
    if (!s) fail(`Expected ${what} ${this.where()}`);
    return s.toUpperCase();
  }

  /** Upper-cased atom, for keywords. */
  keyword(what = 'keyword'): string {
    return this.atom(what).toUpperCase();
  }

  /** Characters allowed in a `tag` or an astring atom, without decoding. */
  private astringAtom(): Buffer {
    const t = this.text()!;
    const start = this.off;
    while (this.off < t.length && isAstringChar(t[this.off]!)) this.off++;
    return t.subarray(start, this.off);
  }

  /** Run of digits as a non-negative integer up to `max`. */
  number(max = MAX_UINT32, what = 'number'): number {
    const s = this.takeWhile((c) => c >= 0x30 && c <= 0x39);
    if (!s) fail(`Expected ${what} ${this.where()}`);
    const n = s.length > 16 ? Number.POSITIVE_INFINITY : Number(s);
    if (n > max) fail(`${what} out of range: ${s.slice(0, 20)}`);
    return n;
  }

  nzNumber(max = MAX_UINT32, what = 'number'): number {
    const n = this.number(max, what);
    if (n === 0) fail(`${what} must not be zero`);
    return n;
  }

  /** RFC 9051 number64 (we keep it to JavaScript's safe integers). */
  number64(what = 'number'): number {
    return this.number(Number.MAX_SAFE_INTEGER, what);
  }

  /** RFC 7162 mod-sequence-value: 1*DIGIT up to 2^63-1. Returned as a number clamped to
   *  Number.MAX_SAFE_INTEGER: our own mod-sequences stay far below 2^53, so a larger value
   *  from a client (RFC examples use 17 digits) compares exactly like the real one would. */
  modseq(what = 'mod-sequence'): number {
    const s = this.takeWhile((c) => c >= 0x30 && c <= 0x39);
    if (!s) fail(`Expected ${what} ${this.where()}`);
    if (s.length > 19 || BigInt(s) > 9223372036854775807n) fail(`${what} out of range: ${s.slice(0, 25)}`);
    return Math.min(Number(s), Number.MAX_SAFE_INTEGER);
  }

  /** Quoted string bytes (RFC 9051 quoted, 8-bit/UTF-8 allowed, escapes only for \ and "). */
  quoted(): Buffer {
    const t = this.text();
    if (!t || t[this.off] !== DQUOTE) fail(`Expected a quoted string ${this.where()}`);
    let i = this.off + 1;
    let plain = true;
    for (; i < t.length; i++) {
      const c = t[i]!;
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        plain = false;
        const n = t[i + 1];
        if (n !== DQUOTE && n !== BACKSLASH)
          fail('Invalid escape in quoted string (only \\\\ and \\" are allowed)');
        i++;
      } else if (c === 0) fail('NUL in quoted string');
    }
    if (i >= t.length) fail('Unterminated quoted string');
    const raw = t.subarray(this.off + 1, i);
    this.off = i + 1;
    if (plain) return raw;
    const out = Buffer.allocUnsafe(raw.length);
    let n = 0;
    for (let j = 0; j < raw.length; j++) {
      if (raw[j] === BACKSLASH) j++;
      out[n++] = raw[j]!;
    }
    return out.subarray(0, n);
  }

  /** The literal that follows, buffered or streamed (APPEND message data). */
  literalPart(): LiteralPart | StreamedPart {
    if (!this.literalNext()) fail(`Expected a literal ${this.where()}`);
    const p = this.parts[this.part + 1]!;
    if (p.kind === 'text') fail(`Expected a literal ${this.where()}`);
    this.part += 2;
    this.off = 0;
    return p;
  }

  /** A literal held in memory; literal8 is refused where only string is allowed. */
  private bufferedLiteral(): Buffer {
    const p = this.literalPart();
    if (p.kind !== 'literal') fail('Literal too large here');
    if (p.binary) fail('literal8 (~{n}) is not allowed here');
    return p.data;
  }

  /** RFC 9051 string = quoted / literal. */
  stringBytes(): Buffer {
    if (this.peek() === DQUOTE) return this.quoted();
    if (this.literalNext()) return this.bufferedLiteral();
    fail(`Expected a string ${this.where()}`);
  }

  /** RFC 9051 astring = 1*ASTRING-CHAR / string. */
  astringBytes(what = 'string'): Buffer {
    const c = this.peek();
    if (c === DQUOTE || (c === -1 && this.literalNext())) return this.stringBytes();
    const b = this.astringAtom();
    if (b.length === 0) fail(`Expected ${what} ${this.where()}`);
    return b;
  }

  astring(what = 'string'): string {
    return decodeUtf8(this.astringBytes(what), what);
  }

  string(what = 'string'): string {
    return decodeUtf8(this.stringBytes(), what);
  }

  /** True (and consumed) when NIL comes next. */
  nil(): boolean {
    if (!this.peekWord('NIL')) return false;
    this.off += 3;
    return true;
  }

  /** RFC 9051 nstring = string / nil. */
  nstring(what = 'string'): string | null {
    return this.nil() ? null : this.string(what);
  }

  /** RFC 9051 list-mailbox = 1*list-char / string. */
  listMailboxBytes(): Buffer {
    const c = this.peek();
    if (c === DQUOTE || (c === -1 && this.literalNext())) return this.stringBytes();
    const t = this.text()!;
    const start = this.off;
    while (this.off < t.length && isListChar(t[this.off]!)) this.off++;
    if (this.off === start) fail(`Expected a mailbox pattern ${this.where()}`);
    return t.subarray(start, this.off);
  }

  /** "(" item *(SP item) ")"; with allowEmpty, "()" too. */
  list<T>(item: () => T, allowEmpty = true, what = 'list'): T[] {
    this.expect('(');
    const out: T[] = [];
    if (this.take(')')) {
      if (!allowEmpty) fail(`Empty ${what}`);
      return out;
    }
    for (;;) {
      out.push(item());
      if (this.take(')')) return out;
      this.sp();
    }
  }

  /** The rest of the current text part, raw (AUTHENTICATE initial response etc.). */
  rest(): string {
    const t = this.text();
    if (!t) return '';
    const s = t.toString('latin1', this.off);
    this.off = t.length;
    return s;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, refusing invalid sequences with a clear error. */
export function decodeUtf8(b: Buffer, what = 'string'): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return b.toString('latin1');
  try {
    return utf8.decode(b);
  } catch {
    fail(`${what} is not valid UTF-8`);
  }
}
