// RFC 5228 §8.1 lexical tokens: identifiers, tags, numbers, quoted and multi-line strings,
// punctuation; hash and bracket comments are skipped.
import { type Position, SieveSyntaxError } from './errors.js';

export type Token =
  | { type: 'identifier'; value: string; pos: Position }
  | { type: 'tag'; value: string; pos: Position }
  | { type: 'number'; value: number; pos: Position }
  | { type: 'string'; value: string; pos: Position }
  | { type: 'punct'; value: '[' | ']' | '(' | ')' | ',' | ';' | '{' | '}'; pos: Position }
  | { type: 'eof'; pos: Position };

const QUANTIFIER: Record<string, number> = { K: 1024, M: 1024 * 1024, G: 1024 * 1024 * 1024 };

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): Position => ({ line, column: at - lineStart + 1 });
  const fail = (msg: string, at: number): never => {
    throw new SieveSyntaxError(msg, pos(at));
  };
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
  const isDigit = (c: string) => c >= '0' && c <= '9';

  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      newline(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const start = i;
      const startPos = pos(start);
      i += 2;
      for (;;) {
        if (i >= src.length) throw new SieveSyntaxError('unterminated bracket comment', startPos);
        if (src[i] === '*' && src[i + 1] === '/') {
          i += 2;
          break;
        }
        if (src[i] === '\n') newline(i);
        i++;
      }
    } else if ('[](),;{}'.includes(c)) {
      out.push({ type: 'punct', value: c as '[', pos: pos(i) });
      i++;
    } else if (c === '"') {
      const p = pos(i);
      i++;
      let s = '';
      for (;;) {
        if (i >= src.length) throw new SieveSyntaxError('unterminated string', p);
        const d = src[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          // RFC 5228 §2.4.2: "\\" and "\"" are escapes; any other backslash is dropped.
          const e = src[i + 1];
          if (e === undefined) throw new SieveSyntaxError('unterminated string', p);
          if (e === '\n') newline(i + 1);
          s += e;
          i += 2;
          continue;
        }
        if (d === '\n') newline(i);
        s += d;
        i++;
      }
      out.push({ type: 'string', value: s, pos: p });
    } else if (isDigit(c)) {
      const p = pos(i);
      let j = i;
      while (j < src.length && isDigit(src[j]!)) j++;
      let n = Number(src.slice(i, j));
      const q = src[j]?.toUpperCase();
      if (q && QUANTIFIER[q]) {
        n *= QUANTIFIER[q];
        j++;
      }
      if (j < src.length && isAlpha(src[j]!)) fail('bad number', i);
      out.push({ type: 'number', value: n, pos: p });
      i = j;
    } else if (c === ':') {
      const p = pos(i);
      let j = i + 1;
      if (!isAlpha(src[j] ?? '')) fail('":" must start a tag such as :is', i);
      while (j < src.length && (isAlpha(src[j]!) || isDigit(src[j]!))) j++;
      out.push({ type: 'tag', value: src.slice(i + 1, j).toLowerCase(), pos: p });
      i = j;
    } else if (isAlpha(c)) {
      const p = pos(i);
      let j = i;
      while (j < src.length && (isAlpha(src[j]!) || isDigit(src[j]!))) j++;
      const word = src.slice(i, j);
      if (word.toLowerCase() === 'text' && src[j] === ':') {
        i = readMultiline(j + 1, p);
        continue;
      }
      out.push({ type: 'identifier', value: word.toLowerCase(), pos: p });
      i = j;
    } else {
      fail(`unexpected character ${JSON.stringify(c)}`, i);
    }
  }
  out.push({ type: 'eof', pos: pos(i) });
  return out;

  // RFC 5228 §2.4.2 / §8.1: "text:" [spaces] (hash-comment / CRLF), lines, "." CRLF.
  // A line starting with "." has that dot removed (dot-stuffing).
  function readMultiline(at: number, p: Position): number {
    let j = at;
    while (src[j] === ' ' || src[j] === '\t') j++;
    if (src[j] === '#') while (j < src.length && src[j] !== '\n') j++;
    if (src[j] === '\r') j++;
    if (src[j] !== '\n') fail('"text:" must be followed by the end of the line', j);
    newline(j);
    j++;
    const lines: string[] = [];
    for (;;) {
      if (j >= src.length) throw new SieveSyntaxError('unterminated multi-line string (missing "." line)', p);
      let end = src.indexOf('\n', j);
      if (end < 0) end = src.length;
      let text = src.slice(j, end);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (end < src.length) newline(end);
      j = end + 1;
      if (text === '.') break;
      lines.push(text.startsWith('.') ? text.slice(1) : text);
    }
    out.push({ type: 'string', value: lines.map((l) => l + '\r\n').join(''), pos: p });
    return j;
  }
}
