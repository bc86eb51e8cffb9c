// The one table from domain errors (src/core/errors.ts) to IMAP response codes
// (RFC 5530, RFC 9051 §7.1, RFC 9208 OVERQUOTA, RFC 4469 TOOBIG). [SERVERBUG] is only for
// errors that are not MailErrors, i.e. our bugs or broken storage, never a user mistake.

import type { MailErrorCode } from '../../core/errors.js';
import { isMailError } from '../../core/errors.js';

export interface FailureReply {
  status: 'NO' | 'BAD';
  code: string;
  text: string;
  /** True when the error is ours (log it with its stack). */
  internal: boolean;
}

const CODES: Readonly<Record<MailErrorCode, string>> = {
  NotFound: 'NONEXISTENT',
  AlreadyExists: 'ALREADYEXISTS',
  OverQuota: 'OVERQUOTA',
  NoPermission: 'NOPERM',
  Invalid: 'CANNOT',
  TooBig: 'TOOBIG',
  Limit: 'LIMIT',
  Unavailable: 'UNAVAILABLE',
  InUse: 'INUSE',
  AuthFailed: 'AUTHENTICATIONFAILED',
};

export interface MapOptions {
  /** RFC 9051 §6.4.7 / §6.3.12: a missing destination of COPY, MOVE, APPEND is TRYCREATE. */
  notFoundIsTryCreate?: boolean;
}

/** A refusal decided in the IMAP layer that carries its own response code, e.g.
 *  `[BADURL url]` (RFC 4469 §5) from deep inside CATENATE's URL resolution. */
export class CodedRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CodedRefusal';
  }
}

/** The tagged NO for an error thrown by the core (or anything else). */
export function mapError(e: unknown, opts: MapOptions = {}): FailureReply {
  if (e instanceof CodedRefusal) return { status: 'NO', code: e.code, text: e.message, internal: false };
  if (isMailError(e)) {
    const code = e.code === 'NotFound' && opts.notFoundIsTryCreate ? 'TRYCREATE' : CODES[e.code];
    return { status: 'NO', code, text: firstLine(e.message), internal: false };
  }
  return { status: 'NO', code: 'SERVERBUG', text: 'Internal server error, try again later', internal: true };
}

function firstLine(s: string): string {
  const t = s.split(/\r?\n/)[0]!.trim();
  return t ? t[0]!.toUpperCase() + t.slice(1) : 'Failed';
}
