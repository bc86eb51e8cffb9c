// The Received trace field (RFC 5321 §4.4) and the protocol keyword of RFC 3848.
import { rfc5322Date } from '../../util/rfc5322-date.js';

export interface ReceivedInput {
  /** EHLO/HELO name the client gave. */
  helo: string;
  /** Reverse DNS name of the client, when known. */
  clientName: string | null;
  clientAddress: string;
  /** Our host name. */
  by: string;
  esmtp: boolean;
  secure: boolean;
  authenticated: boolean;
  /** Our id for the transaction. */
  id: string;
  /** Given only when there is exactly one recipient (RFC 5321 §4.4: a privacy trade-off). */
  forAddress: string | null;
  /** TLS details for the comment, e.g. 'TLSv1.3 TLS_AES_256_GCM_SHA384'. */
  tlsInfo: string | null;
  date: Date;
}

/** RFC 3848: ESMTP, ESMTPS, ESMTPA, ESMTPSA (and SMTP for HELO). */
export function withKeyword(esmtp: boolean, secure: boolean, authenticated: boolean): string {
  if (!esmtp) return 'SMTP';
  return `ESMTP${secure ? 'S' : ''}${authenticated ? 'A' : ''}`;
}

const clean = (s: string) => s.replace(/[\r\n()\\]/g, '').slice(0, 255);

/** The whole field, folded, ending in CRLF. */
export function receivedHeader(r: ReceivedInput): string {
  const addr = r.clientAddress.includes(':') ? `IPv6:${r.clientAddress}` : r.clientAddress;
  const from = `from ${clean(r.helo) || 'unknown'} (${r.clientName ? `${clean(r.clientName)} ` : ''}[${clean(addr)}])`;
  const tls = r.secure && r.tlsInfo ? ` (${clean(r.tlsInfo)})` : '';
  const lines = [
    `Received: ${from}`,
    `\tby ${clean(r.by)} with ${withKeyword(r.esmtp, r.secure, r.authenticated)}${tls} id ${clean(r.id)}`,
  ];
  if (r.forAddress) lines.push(`\tfor <${clean(r.forAddress)}>`);
  lines[lines.length - 1] += `; ${rfc5322Date(r.date)}`;
  return `${lines.join('\r\n')}\r\n`;
}
