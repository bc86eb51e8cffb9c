// Generic tokens of a framed command, for logging, diagnostics and commands we do not
// parse (X-commands). The typed parsers do not use this: IMAP's grammar is contextual
// (`BODY[HEADER.FIELDS (A B)]<0.10>`, `[Gmail]/Sent`), so they pull from Reader directly.

import { WireSyntaxError } from './errors.js';
import type { Frame } from './frame.js';
import { Reader } from './reader.js';

export type Token =
  | { type: 'atom'; value: string }
  | { type: 'string'; value: Buffer }
  | { type: 'literal'; size: number; streamed: boolean }
  | { type: 'list'; items: Token[] };

/** Deepest list nesting accepted, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 32;

function isBareChar(c: number): boolean {
  // Anything up to a delimiter: SP ( ) " or end of line (brackets stay inside the atom).
  return c > 0x20 && c !== 0x28 && c !== 0x29 && c !== 0x22;
}

function readToken(r: Reader, depth: number): Token {
  const c = r.peek();
  if (c === 0x22) return { type: 'string', value: r.quoted() };
  if (c === 0x28) {
    if (depth >= MAX_DEPTH) throw new WireSyntaxError('Lists nested too deeply');
    return { type: 'list', items: r.list(() => readToken(r, depth + 1)) };
  }
  if (c === -1) {
    const p = r.literalPart();
    return p.kind === 'literal'
      ? { type: 'literal', size: p.data.length, streamed: false }
      : { type: 'literal', size: p.size, streamed: true };
  }
  const s = r.takeWhile(isBareChar);
  if (!s) throw new WireSyntaxError(`Unexpected character ${r.where()}`);
  return { type: 'atom', value: s };
}

/** All tokens of a frame, the tag and command name included; or an error message. */
export function tokenize(frame: Frame): { ok: true; tokens: Token[] } | { ok: false; message: string } {
  const r = new Reader(frame.parts);
  const tokens: Token[] = [];
  try {
    while (!r.atEnd()) {
      while (r.maybeSp()) {}
      if (r.atEnd()) break;
      tokens.push(readToken(r, 0));
    }
    return { ok: true, tokens };
  } catch (e) {
    if (e instanceof WireSyntaxError) return { ok: false, message: e.message };
    throw e;
  }
}
