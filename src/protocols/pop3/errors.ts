// Maps domain errors to POP3 response codes: the one table for this protocol
// (RFC 2449 §8, RFC 3206). Anything unexpected is a temporary system error.

import { isMailError, type MailErrorCode } from '../../core/errors.js';
import type { Pop3ResponseCode } from './wire/response.js';

const CODES: Record<MailErrorCode, Pop3ResponseCode> = {
  NotFound: 'SYS/PERM',
  AlreadyExists: 'SYS/PERM',
  OverQuota: 'SYS/PERM',
  NoPermission: 'SYS/PERM',
  Invalid: 'SYS/PERM',
  TooBig: 'SYS/PERM',
  Limit: 'SYS/TEMP',
  Unavailable: 'SYS/TEMP',
  InUse: 'IN-USE',
  AuthFailed: 'AUTH',
};

export function errorResponse(e: unknown): { code: Pop3ResponseCode; text: string; expected: boolean } {
  if (isMailError(e)) return { code: CODES[e.code], text: e.message, expected: true };
  return { code: 'SYS/TEMP', text: 'Internal error, try again later', expected: false };
}
