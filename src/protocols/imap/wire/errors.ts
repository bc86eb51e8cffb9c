// Parse errors as values. Parsers throw WireSyntaxError internally (recursive descent
// unwinds cheaply that way); the public entry points catch it and return a ParseFailure.

export type ParseErrorCode =
  /** Malformed arguments: answer `tag BAD text`. */
  | 'syntax'
  /** Unknown command name: `tag BAD`. */
  | 'unknown-command'
  /** SEARCH/SORT/THREAD charset we cannot decode: `tag NO [BADCHARSET (UTF-8 US-ASCII)]`. */
  | 'badcharset';

export class WireSyntaxError extends Error {
  readonly code: ParseErrorCode;
  constructor(message: string, code: ParseErrorCode = 'syntax') {
    super(message);
    this.name = 'WireSyntaxError';
    this.code = code;
  }
}

export interface ParseFailure {
  ok: false;
  /** The tag when it was readable, so the session can answer `tag BAD`. */
  tag: string | null;
  code: ParseErrorCode;
  message: string;
}

export function fail(message: string, code: ParseErrorCode = 'syntax'): never {
  throw new WireSyntaxError(message, code);
}
