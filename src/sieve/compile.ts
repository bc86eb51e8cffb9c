import type { SieveScript } from './ast.js';
import { SieveSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import { parseTokens } from './parser.js';
import { validate } from './validate.js';

/** Largest script accepted (characters). */
export const MAX_SCRIPT_SIZE = 256 * 1024;

/** Reads and checks a script; throws SieveSyntaxError with line and column. */
export function compile(source: string): SieveScript {
  if (source.length > MAX_SCRIPT_SIZE)
    throw new SieveSyntaxError(`script larger than ${MAX_SCRIPT_SIZE} characters`, { line: 1, column: 1 });
  const commands = parseTokens(tokenize(source));
  const capabilities = validate(commands);
  return { commands, capabilities, size: source.length };
}

/** Checks a script without throwing: null when fine, else the error. */
export function check(source: string): SieveSyntaxError | null {
  try {
    compile(source);
    return null;
  } catch (e) {
    if (e instanceof SieveSyntaxError) return e;
    throw e;
  }
}
