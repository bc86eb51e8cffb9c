// IMAP ENVELOPE (RFC 9051 §7.5.2): built once at ingest, formatted on FETCH.
import { parseAddressList } from './address.js';
import { type HeaderField, headerValue, headerValues } from './header.js';
import { type ImapStringOptions, imapNString } from './imap-string.js';
import type { Envelope, EnvelopeAddress } from './types.js';

/** All fields of that name, joined: a second Cc line adds recipients (as Dovecot shows them). */
function addresses(fields: HeaderField[], name: string): EnvelopeAddress[] | null {
  const list = headerValues(fields, name).flatMap((v) => parseAddressList(v));
  return list.length ? list : null;
}

/** Builds the envelope from a parsed header block; values are raw (encoded words kept). */
export function buildEnvelope(fields: HeaderField[]): Envelope {
  const from = addresses(fields, 'from');
  const trimmed = (name: string) => {
    const v = headerValue(fields, name);
    return v === null ? null : v.trim();
  };
  return {
    date: trimmed('date'),
    subject: trimmed('subject'),
    from,
    // RFC 9051 §7.5.2: an absent or empty Sender / Reply-To takes the value of From.
    sender: addresses(fields, 'sender') ?? from,
    replyTo: addresses(fields, 'reply-to') ?? from,
    to: addresses(fields, 'to'),
    cc: addresses(fields, 'cc'),
    bcc: addresses(fields, 'bcc'),
    inReplyTo: trimmed('in-reply-to'),
    messageId: trimmed('message-id'),
  };
}

function formatAddressList(list: EnvelopeAddress[] | null, opts: ImapStringOptions): string {
  if (!list || list.length === 0) return 'NIL';
  const items = list.map(
    (a) =>
      `(${imapNString(a.name, opts)} ${imapNString(a.adl, opts)} ${imapNString(a.mailbox, opts)} ${imapNString(a.host, opts)})`,
  );
  return `(${items.join('')})`;
}

/** The ENVELOPE value: "(date subject from sender reply-to to cc bcc in-reply-to message-id)". */
export function formatEnvelope(env: Envelope, opts: ImapStringOptions = {}): string {
  return `(${[
    imapNString(env.date, opts),
    imapNString(env.subject, opts),
    formatAddressList(env.from, opts),
    formatAddressList(env.sender, opts),
    formatAddressList(env.replyTo, opts),
    formatAddressList(env.to, opts),
    formatAddressList(env.cc, opts),
    formatAddressList(env.bcc, opts),
    imapNString(env.inReplyTo, opts),
    imapNString(env.messageId, opts),
  ].join(' ')})`;
}
