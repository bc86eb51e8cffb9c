// The DNS records a mail domain needs, as printed by `postroom domain add` and
// `postroom domain dns DOMAIN`: MX, SPF (RFC 7208), DKIM (RFC 6376), DMARC (RFC 7489),
// SRV for client discovery (RFC 6186, RFC 8314 §5.1) and autoconfig/autodiscover names.
import { dkimRecordValue } from './dkim.js';

export interface DnsRecord {
  name: string; // fully qualified, with the trailing dot
  type: 'MX' | 'TXT' | 'SRV' | 'CNAME';
  value: string; // presentation form; TXT values unquoted (see zoneText)
  comment: string;
}

export interface DnsRecordsInput {
  domain: string;
  /** The server's own host name (what MX and SRV point at). */
  hostname: string;
  dkim: { selector: string; publicKey: string } | null;
}

const fq = (n: string) => (n.endsWith('.') ? n : `${n}.`);

export function dnsRecords(input: DnsRecordsInput): DnsRecord[] {
  const d = input.domain.toLowerCase();
  const host = fq(input.hostname.toLowerCase());
  const out: DnsRecord[] = [
    { name: fq(d), type: 'MX', value: `10 ${host}`, comment: 'mail for the domain goes to this server' },
    {
      name: fq(d),
      type: 'TXT',
      value: 'v=spf1 mx ~all',
      comment: 'SPF: only the MX hosts send for the domain',
    },
  ];
  if (input.dkim) {
    out.push({
      name: fq(`${input.dkim.selector}._domainkey.${d}`),
      type: 'TXT',
      value: dkimRecordValue(input.dkim.publicKey),
      comment: 'DKIM public key for signing outgoing mail',
    });
  }
  out.push({
    name: fq(`_dmarc.${d}`),
    type: 'TXT',
    value: `v=DMARC1; p=quarantine; rua=mailto:postmaster@${d}`,
    comment: 'DMARC policy; reports to postmaster',
  });
  const srv: [string, number, string][] = [
    ['_submissions._tcp', 465, 'SMTP submission, implicit TLS (RFC 8314)'],
    ['_submission._tcp', 587, 'SMTP submission, STARTTLS'],
    ['_imaps._tcp', 993, 'IMAP, implicit TLS'],
    ['_imap._tcp', 143, 'IMAP, STARTTLS'],
    ['_pop3s._tcp', 995, 'POP3, implicit TLS'],
    ['_pop3._tcp', 110, 'POP3, STARTTLS'],
    ['_autodiscover._tcp', 443, 'Outlook autodiscover'],
  ];
  for (const [label, port, comment] of srv) {
    out.push({ name: fq(`${label}.${d}`), type: 'SRV', value: `0 1 ${port} ${host}`, comment });
  }
  out.push(
    { name: fq(`autoconfig.${d}`), type: 'CNAME', value: host, comment: 'Thunderbird autoconfig' },
    { name: fq(`autodiscover.${d}`), type: 'CNAME', value: host, comment: 'Outlook autodiscover' },
  );
  return out;
}

/** TXT strings are limited to 255 bytes each (RFC 1035 §3.3.14): split long values. */
export function txtStrings(value: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(value.slice(i, i + 255));
  return parts.length ? parts : [''];
}

/** Zone-file text, one record a line with its comment above it. */
export function zoneText(records: DnsRecord[]): string {
  const lines: string[] = [];
  for (const r of records) {
    const value =
      r.type === 'TXT'
        ? txtStrings(r.value)
            .map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`)
            .join(' ')
        : r.value;
    lines.push(`; ${r.comment}`, `${r.name} 3600 IN ${r.type} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
