// Mailbox names: '/' is the hierarchy delimiter; 'INBOX' is case-insensitive
// (RFC 9051 §5.1) and stored as 'INBOX', also as the first level of its children.
import { MailError } from './errors.js';

export const DELIMITER = '/';
const MAX_NAME = 1000;
const MAX_SEGMENT = 255;
const MAX_DEPTH = 64;

/** Canonical form of a name; Invalid for names that cannot be stored. */
export function normalizeMailboxName(input: string): string {
  // RFC 9051 §6.3.4: a trailing delimiter says "I mean to create children"; drop it.
  const name = input.endsWith(DELIMITER) ? input.slice(0, -1) : input;
  if (name === '') throw new MailError('Invalid', 'empty mailbox name');
  if (name.length > MAX_NAME) throw new MailError('Invalid', 'mailbox name too long');
  if (/[\u0000-\u001f\u007f*%]/.test(name))
    throw new MailError('Invalid', 'mailbox name has forbidden characters');
  const parts = name.split(DELIMITER);
  if (parts.length > MAX_DEPTH) throw new MailError('Invalid', 'mailbox hierarchy too deep');
  for (const p of parts) {
    if (p === '') throw new MailError('Invalid', 'empty level in mailbox name');
    if (p.length > MAX_SEGMENT) throw new MailError('Invalid', 'mailbox name level too long');
  }
  if (parts[0]!.toUpperCase() === 'INBOX') parts[0] = 'INBOX';
  return parts.join(DELIMITER);
}

export const isInbox = (name: string) => name === 'INBOX';
