// Delivery status notifications (RFC 3464) as multipart/report (RFC 6522) with the
// original message's header block as text/rfc822-headers, or the whole message as
// message/rfc822 when a failure report was asked for with RET=FULL (RFC 3461 §4.3).
// Sent with the null sender (RFC 5321 §4.5.5) so that a failing DSN never produces
// another DSN.
import { randomBytes } from 'node:crypto';
import { rfc5322Date } from '../util/rfc5322-date.js';

export interface DsnRecipient {
  /** Final-Recipient (RFC 3464 §2.3.2). */
  recipient: string;
  /** Original-Recipient: the ORCPT value ("rfc822;a@b") or a bare address. */
  original?: string;
  /** RFC 3464 §2.3.3. */
  action: 'failed' | 'delayed' | 'delivered' | 'relayed';
  /** RFC 3463 code, e.g. '5.1.1'. */
  status: string;
  /** What the remote said ("smtp; 550 5.1.1 ...") or our own reason (no "smtp;" prefix). */
  diagnostic: string;
  remoteMta: string | null;
  lastAttempt: Date;
  /** For 'delayed': when we give up. */
  willRetryUntil?: Date;
}

export interface DsnInput {
  /** Our host name (Reporting-MTA, MAILER-DAEMON address). */
  reportingMta: string;
  /** Envelope sender of the original message: the DSN goes there. */
  to: string;
  arrivalDate: Date;
  recipients: DsnRecipient[];
  /** The original message: its header block is included, or all of it with `returnFull`. */
  original: Buffer;
  /** Return the whole original (message/rfc822) instead of its header block. */
  returnFull?: boolean;
  /** ENVID from the original MAIL FROM (Original-Envelope-Id, RFC 3464 §2.2.1). */
  envid?: string | null;
  now: Date;
  queueId?: string;
}

/** The header block of a message, up to and including the CRLF that ends the last field. */
export function headerBlock(message: Buffer): Buffer {
  const end = message.indexOf('\r\n\r\n');
  if (end >= 0) return message.subarray(0, end + 2);
  const lf = message.indexOf('\n\n');
  if (lf >= 0) return message.subarray(0, lf + 1);
  return message;
}

/** Drops CR/LF so a value can never start a new header field. */
function field(v: string): string {
  return v.replace(/[\r\n]+/g, ' ').trim();
}

function humanText(input: DsnInput): string {
  const failed = input.recipients.filter((r) => r.action === 'failed');
  const delayed = input.recipients.filter((r) => r.action === 'delayed');
  const done = input.recipients.filter((r) => r.action === 'delivered' || r.action === 'relayed');
  const lines: string[] = [`This is the mail system at ${input.reportingMta}.`, ''];
  if (done.length) {
    lines.push('Your message was delivered as you asked to be told:', '');
    for (const r of done) {
      const how =
        r.action === 'delivered' ? 'delivered to the mailbox' : 'relayed to a system that sends no reports';
      lines.push(`  ${r.recipient}: ${how}`);
    }
    lines.push('');
  }
  if (failed.length) {
    lines.push('Your message could not be delivered to the following recipients:', '');
    for (const r of failed) lines.push(`  ${r.recipient}: ${field(r.diagnostic)}`);
    lines.push('');
  }
  if (delayed.length) {
    lines.push('Delivery to the following recipients is delayed; we keep trying:', '');
    for (const r of delayed) {
      const until = r.willRetryUntil ? ` (until ${rfc5322Date(r.willRetryUntil)})` : '';
      lines.push(`  ${r.recipient}: ${field(r.diagnostic)}${until}`);
    }
    lines.push('');
  }
  lines.push(input.returnFull ? 'Your message is attached.' : 'The headers of your message are attached.');
  return lines.join('\r\n');
}

/** "rfc822;a@b" -> "rfc822; a@b"; a bare address is taken as rfc822 (RFC 3464 §2.3.1). */
function originalRecipient(v: string): string {
  const semi = v.indexOf(';');
  return semi < 0 ? `rfc822; ${field(v)}` : `${field(v.slice(0, semi))}; ${field(v.slice(semi + 1))}`;
}

function subjectOf(recipients: DsnRecipient[]): string {
  if (recipients.some((r) => r.action === 'failed')) return 'Undelivered Mail Returned to Sender';
  if (recipients.some((r) => r.action === 'delayed')) return 'Delayed Mail (still being retried)';
  return 'Successful Mail Delivery Report';
}

function statusPart(input: DsnInput): string {
  // RFC 3464 §2.2: per-message fields, then one block per recipient (§2.3).
  const out: string[] = [`Reporting-MTA: dns; ${field(input.reportingMta)}`];
  if (input.envid) out.push(`Original-Envelope-Id: ${field(input.envid)}`);
  if (input.queueId) out.push(`X-Postroom-Queue-ID: ${field(input.queueId)}`);
  out.push(`Arrival-Date: ${rfc5322Date(input.arrivalDate)}`, '');
  for (const r of input.recipients) {
    if (r.original) out.push(`Original-Recipient: ${originalRecipient(r.original)}`);
    out.push(`Final-Recipient: rfc822; ${field(r.recipient)}`);
    out.push(`Action: ${r.action}`);
    out.push(`Status: ${field(r.status)}`);
    if (r.remoteMta) out.push(`Remote-MTA: dns; ${field(r.remoteMta)}`);
    const diag = field(r.diagnostic);
    if (diag) out.push(`Diagnostic-Code: ${/^smtp;/i.test(diag) ? diag : `x-postroom; ${diag}`}`);
    out.push(`Last-Attempt-Date: ${rfc5322Date(r.lastAttempt)}`);
    if (r.willRetryUntil) out.push(`Will-Retry-Until: ${rfc5322Date(r.willRetryUntil)}`);
    out.push('');
  }
  return out.join('\r\n');
}

/** Composes the whole DSN message, CRLF line ends. */
export function composeDsn(input: DsnInput): Buffer {
  const boundary = `=_dsn_${randomBytes(12).toString('hex')}`;
  const subject = subjectOf(input.recipients);
  const headers = [
    `From: Mail Delivery System <MAILER-DAEMON@${field(input.reportingMta)}>`,
    `To: <${field(input.to)}>`,
    `Subject: ${subject}`,
    `Date: ${rfc5322Date(input.now)}`,
    `Message-ID: <${randomBytes(16).toString('hex')}@${field(input.reportingMta)}>`,
    // RFC 3834 §5: automatic responses must not trigger other automatic responses.
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
  ];
  const original = input.returnFull ? input.original : headerBlock(input.original);
  const originalType = input.returnFull ? 'message/rfc822' : 'text/rfc822-headers';
  const parts = [
    Buffer.from(
      `${headers.join('\r\n')}\r\n\r\nThis is a MIME-formatted delivery status notification.\r\n\r\n` +
        `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n` +
        `${humanText(input)}\r\n\r\n` +
        `--${boundary}\r\nContent-Type: message/delivery-status\r\n\r\n${statusPart(input)}\r\n` +
        `--${boundary}\r\nContent-Type: ${originalType}\r\n\r\n`,
    ),
    original,
    Buffer.from(
      `${original.length && !original.subarray(-2).equals(Buffer.from('\r\n')) ? '\r\n' : ''}\r\n--${boundary}--\r\n`,
    ),
  ];
  return Buffer.concat(parts);
}
