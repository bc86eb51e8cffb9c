// Domain errors with stable codes. Protocols map `code` to their own replies in one
// small table each (IMAP NO [OVERQUOTA], SMTP 552 5.2.2, POP3 -ERR [SYS/PERM], ...).
// The store throws these too, so the core and protocols never see driver errors.

export type MailErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'OverQuota'
  | 'NoPermission'
  | 'Invalid'
  | 'TooBig'
  | 'Limit'
  | 'Unavailable'
  | 'InUse'
  | 'AuthFailed';

export class MailError extends Error {
  readonly code: MailErrorCode;
  constructor(code: MailErrorCode, message: string) {
    super(message);
    this.name = 'MailError';
    this.code = code;
  }
}

export const notFound = (what: string) => new MailError('NotFound', what);
export const alreadyExists = (what: string) => new MailError('AlreadyExists', what);
export const overQuota = (what: string) => new MailError('OverQuota', what);
export const invalid = (what: string) => new MailError('Invalid', what);

export function isMailError(e: unknown, code?: MailErrorCode): e is MailError {
  return e instanceof MailError && (code === undefined || e.code === code);
}
