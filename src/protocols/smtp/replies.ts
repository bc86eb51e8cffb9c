// SMTP replies for our own refusals, and the one table mapping domain errors to them.
// Text starting with an enhanced code ("5.7.1 ...") is sent with exactly that code
// (see server.ts; smtp-server would otherwise derive one from the basic code alone).
import { isMailError } from '../../core/errors.js';
import type { RefusalReason } from './data.js';

export interface SmtpReplyError extends Error {
  responseCode: number;
}

export function smtpError(code: number, enhanced: string, text: string): SmtpReplyError {
  return Object.assign(new Error(`${enhanced} ${text}`), { responseCode: code });
}

export const replies = {
  relayDenied: () => smtpError(554, '5.7.1', 'Relay access denied: we only accept mail for our own domains'),
  unknownUser: (rcpt: string) => smtpError(550, '5.1.1', `<${rcpt}>: no such user here`),
  overQuota: (rcpt: string) => smtpError(452, '4.2.2', `<${rcpt}>: mailbox full, try again later`),
  tooManyRecipients: () => smtpError(452, '4.5.3', 'Too many recipients'),
  tooBig: (limit: number) => smtpError(552, '5.3.4', `Message exceeds the size limit of ${limit} bytes`),
  headerTooBig: (limit: number) => smtpError(552, '5.3.4', `Message header block exceeds ${limit} bytes`),
  tempFailure: () => smtpError(451, '4.3.0', 'Temporary failure storing the message, try again later'),
  tlsFirst: () => smtpError(530, '5.7.0', 'Must issue a STARTTLS command first'),
  authRequired: () => smtpError(530, '5.7.0', 'Authentication required'),
  badCredentials: () => smtpError(535, '5.7.8', 'Authentication credentials invalid'),
  throttled: () => smtpError(454, '4.7.0', 'Too many failed logins, try again later'),
  senderNotAllowed: (addr: string) =>
    smtpError(553, '5.7.1', `Sender <${addr}> is not one of your addresses`),
  fromNotAllowed: (addr: string) => smtpError(550, '5.7.1', `From: <${addr}> is not one of your addresses`),
  nullSender: () => smtpError(553, '5.7.1', 'Authenticated users may not use the null sender'),
  rateLimited: () => smtpError(451, '4.7.1', 'Sending rate exceeded, try again later'),
  badMessage: (why: string) => smtpError(554, '5.6.0', why),
} as const;

/** Maps a domain error from the core (MailError) to an SMTP reply (ARCHITECTURE.md). */
export function replyForError(e: unknown, rcpt = ''): SmtpReplyError {
  if (!isMailError(e)) return replies.tempFailure();
  switch (e.code) {
    case 'NotFound':
      return replies.unknownUser(rcpt);
    case 'OverQuota':
      // RFC 5321 §4.5.3.1.10 treats "full" as temporary; RFC 3463 X.2.2.
      return replies.overQuota(rcpt);
    case 'TooBig':
      return smtpError(552, '5.3.4', e.message);
    case 'NoPermission':
      return smtpError(550, '5.7.1', e.message);
    case 'Invalid':
      return smtpError(554, '5.6.0', e.message);
    case 'Limit':
      return smtpError(452, '4.5.3', e.message);
    case 'AuthFailed':
      return replies.badCredentials();
    case 'AlreadyExists':
    case 'Unavailable':
    case 'InUse':
      return replies.tempFailure();
  }
}

/** The reply for a message readData() did not keep. */
export function refusalReply(
  reason: RefusalReason,
  limits: { maxMessageBytes: number; maxHeaderBytes: number },
): SmtpReplyError {
  if (reason === 'oversized') return replies.tooBig(limits.maxMessageBytes);
  if (reason === 'header-too-large') return replies.headerTooBig(limits.maxHeaderBytes);
  return replies.tempFailure();
}
