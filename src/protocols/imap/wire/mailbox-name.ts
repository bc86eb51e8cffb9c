// Mailbox names as clients send them, turned into the canonical form the core uses.

import { decodeMutf7Lenient, encodeMutf7 } from './mutf7.js';

export const HIERARCHY_SEPARATOR = '/';

/** Canonical mailbox name: INBOX in any case becomes 'INBOX' (RFC 9051 §5.1), also as the
 *  first level ("inbox/x" -> "INBOX/x"); one trailing separator is stripped (Thunderbird,
 *  Dovecot's tb-extra-mailbox-sep). */
export function normalizeMailboxName(name: string): string {
  let n = name;
  if (n.length > 1 && n.endsWith(HIERARCHY_SEPARATOR)) n = n.slice(0, -1);
  if (
    n.length >= 5 &&
    n.slice(0, 5).toUpperCase() === 'INBOX' &&
    (n.length === 5 || n[5] === HIERARCHY_SEPARATOR)
  ) {
    n = 'INBOX' + n.slice(5);
  }
  return n;
}

/** A mailbox argument as sent on the wire to its canonical name. Without UTF8=ACCEPT the
 *  name is modified UTF-7 (decoded leniently); with it, the name is UTF-8 already. */
export function mailboxFromWire(raw: string, utf8Accept: boolean): string {
  return normalizeMailboxName(utf8Accept ? raw : decodeMutf7Lenient(raw));
}

/** A canonical mailbox name as it must be sent to this client. */
export function mailboxToWire(name: string, utf8Accept: boolean): string {
  return utf8Accept ? name : encodeMutf7(name);
}
