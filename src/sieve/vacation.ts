// RFC 5230 §4.5 / RFC 3834 §2: when an automatic reply must NOT be sent. Pure.
import { parseAddressList, split } from './address.js';
import { asciiLower } from './match.js';

export interface VacationInput {
  /** Envelope sender ("" for <>). */
  envelopeFrom: string;
  header(name: string): string[];
  /** The user's own addresses (account addresses plus the :addresses argument). */
  ownAddresses: string[];
}

/** Returns why no reply may be sent, or null when a reply is allowed. */
export function vacationRefusal(m: VacationInput): string | null {
  const from = asciiLower(m.envelopeFrom.trim());
  if (!from || from === '<>') return 'null sender (a bounce)';
  const local = split(from).localpart;
  // RFC 5230 §4.5: MAILER-DAEMON, list owners and -request addresses.
  if (/^(mailer-daemon|postmaster|listserv|majordomo|mailman|noreply|no-reply)$/.test(local))
    return `sender ${local}`;
  if (local.startsWith('owner-') || local.endsWith('-request') || local.endsWith('-owner'))
    return 'sender is a list address';
  const auto = m.header('auto-submitted').map((v) => asciiLower(v.trim()));
  if (auto.some((v) => !v.startsWith('no'))) return 'Auto-Submitted';
  for (const h of ['list-id', 'list-unsubscribe', 'list-post', 'list-help', 'list-owner', 'list-archive']) {
    if (m.header(h).length > 0) return `${h} header (mailing list)`;
  }
  const prec = m.header('precedence').map((v) => asciiLower(v.trim()));
  if (prec.some((v) => v === 'bulk' || v === 'list' || v === 'junk')) return 'Precedence bulk/list/junk';
  if (m.header('x-auto-response-suppress').some((v) => /\b(all|oof|autoreply)\b/i.test(v)))
    return 'X-Auto-Response-Suppress';
  // RFC 5230 §4.5: only reply when one of our addresses is a visible recipient.
  const own = new Set(m.ownAddresses.map((a) => asciiLower(split(a).all)));
  const visible = ['to', 'cc', 'bcc', 'resent-to', 'resent-cc', 'resent-bcc'].flatMap((h) =>
    m.header(h).flatMap((v) => parseAddressList(v).map((a) => asciiLower(a.all))),
  );
  if (!visible.some((a) => own.has(a))) return 'none of our addresses in To/Cc';
  // Never answer ourselves.
  if (own.has(from)) return 'sender is ourselves';
  return null;
}

/** RFC 5230 §4.4 reply subject when :subject is absent. */
export function vacationSubject(original: string | undefined): string {
  const s = (original ?? '').trim();
  return s ? `Auto: ${s}` : 'Automated reply';
}
