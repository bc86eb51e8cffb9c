// RFC 5804 §4 command syntax: an atom (the command name) followed by strings (quoted or
// literal {n+} / {n}) and numbers, ending in CRLF. Pure: bytes in, a command or "need
// more" out; limits stop a client from growing the buffer without end.

export type Arg =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'atom'; value: string };

export interface Command {
  name: string;
  args: Arg[];
}

export type ParseResult =
  | { kind: 'incomplete' }
  | { kind: 'command'; command: Command; consumed: number }
  | { kind: 'error'; message: string; consumed: number };

export interface WireLimits {
  /** Longest line outside literals. */
  maxLine: number;
  /** Largest literal (a script). */
  maxLiteral: number;
}

export const DEFAULT_WIRE_LIMITS: WireLimits = { maxLine: 8192, maxLiteral: 512 * 1024 };

/** Skips to the end of the current line (after a syntax error). */
function skipLine(buf: Buffer, from: number): number {
  const nl = buf.indexOf(10, from);
  return nl < 0 ? buf.length : nl + 1;
}

export function parseCommand(buf: Buffer, limits: WireLimits = DEFAULT_WIRE_LIMITS): ParseResult {
  let i = 0;
  const args: Arg[] = [];
  let name: string | null = null;
  let lineStart = 0;
  const err = (message: string): ParseResult => ({ kind: 'error', message, consumed: skipLine(buf, i) });
  for (;;) {
    if (i - lineStart > limits.maxLine) return err('line too long');
    if (i >= buf.length) return { kind: 'incomplete' };
    const c = buf[i]!;
    if (c === 0x20) {
      i++;
      continue;
    }
    if (c === 0x0d || c === 0x0a) {
      if (c === 0x0d) {
        if (i + 1 >= buf.length) return { kind: 'incomplete' };
        if (buf[i + 1] !== 0x0a) return err('bare CR');
        i++;
      }
      i++;
      if (name === null) return { kind: 'error', message: 'empty command', consumed: i };
      return { kind: 'command', command: { name, args }, consumed: i };
    }
    if (c === 0x22) {
      // quoted string: "\\" and "\"" escapes; no CR/LF inside (RFC 5804 §4)
      let j = i + 1;
      const out: number[] = [];
      for (;;) {
        if (j >= buf.length)
          return j - lineStart > limits.maxLine ? err('line too long') : { kind: 'incomplete' };
        const d = buf[j]!;
        if (d === 0x22) break;
        if (d === 0x0d || d === 0x0a) return err('line break in quoted string');
        if (d === 0x5c) {
          if (j + 1 >= buf.length) return { kind: 'incomplete' };
          out.push(buf[j + 1]!);
          j += 2;
          continue;
        }
        out.push(d);
        j++;
      }
      args.push({ kind: 'string', value: Buffer.from(out).toString('utf8') });
      i = j + 1;
      continue;
    }
    if (c === 0x7b) {
      const m = /^\{(\d{1,9})(\+?)\}\r?\n/.exec(buf.subarray(i, i + 16).toString('latin1'));
      if (!m) {
        if (buf.indexOf(10, i) < 0 && buf.length - i < 16) return { kind: 'incomplete' };
        return err('bad literal');
      }
      const n = Number(m[1]);
      if (n > limits.maxLiteral) return err('literal too large');
      const start = i + m[0].length;
      if (buf.length < start + n) return { kind: 'incomplete' };
      args.push({ kind: 'string', value: buf.subarray(start, start + n).toString('utf8') });
      i = start + n;
      lineStart = i;
      continue;
    }
    // atom or number
    let j = i;
    while (
      j < buf.length &&
      buf[j] !== 0x20 &&
      buf[j] !== 0x0d &&
      buf[j] !== 0x0a &&
      buf[j] !== 0x22 &&
      buf[j] !== 0x7b
    )
      j++;
    if (j >= buf.length) return { kind: 'incomplete' };
    const word = buf.subarray(i, j).toString('latin1');
    if (name === null) name = word.toUpperCase();
    else if (/^\d+$/.test(word)) args.push({ kind: 'number', value: Number(word) });
    else args.push({ kind: 'atom', value: word });
    i = j;
  }
}
