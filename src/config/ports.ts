// Every listener Postroom can open, with its standard port, its `--dev` port and how it
// uses TLS. The config schema, the CLI flags, the first-start banner and docs/clients.md
// are all built from this one table.

export const PORT_NAMES = [
  'smtp',
  'submission',
  'submissions',
  'imap',
  'imaps',
  'pop3',
  'pop3s',
  'http',
  'https',
  'managesieve',
] as const;
export type PortName = (typeof PORT_NAMES)[number];

/**
 * How a listener uses TLS: 'implicit' (TLS from the first byte), 'starttls' (plain, then
 * upgraded by STARTTLS/STLS on request; required before login), or 'none'.
 */
export type TlsMode = 'implicit' | 'starttls' | 'none';

export interface PortInfo {
  /** Standard port (CONTRACT). */
  standard: number;
  /** Port with `--dev` (CONTRACT); 0 means disabled in dev. */
  dev: number;
  tls: TlsMode;
  /** One line for docs and `--help`. */
  description: string;
}

export const PORTS: Readonly<Record<PortName, PortInfo>> = {
  smtp: {
    standard: 25,
    dev: 2525,
    tls: 'starttls',
    description: 'SMTP relay: mail from other servers (RFC 5321)',
  },
  submission: {
    standard: 587,
    dev: 1587,
    tls: 'starttls',
    description: 'SMTP submission from your mail clients (RFC 6409)',
  },
  submissions: {
    standard: 465,
    dev: 1465,
    tls: 'implicit',
    description: 'SMTP submission over implicit TLS (RFC 8314 §3.3)',
  },
  imap: { standard: 143, dev: 1143, tls: 'starttls', description: 'IMAP (RFC 9051)' },
  imaps: { standard: 993, dev: 1993, tls: 'implicit', description: 'IMAP over implicit TLS (RFC 8314)' },
  pop3: { standard: 110, dev: 1110, tls: 'starttls', description: 'POP3 (RFC 1939; STLS: RFC 2595)' },
  pop3s: { standard: 995, dev: 1995, tls: 'implicit', description: 'POP3 over implicit TLS (RFC 8314)' },
  http: { standard: 80, dev: 8080, tls: 'none', description: 'HTTP: webmail, JMAP, autoconfig' },
  https: { standard: 443, dev: 0, tls: 'implicit', description: 'HTTPS: webmail, JMAP, autoconfig' },
  managesieve: {
    standard: 4190,
    dev: 4190,
    tls: 'starttls',
    description: 'ManageSieve: filter scripts (RFC 5804)',
  },
};

/** The CLI flag for a port, e.g. '--imaps-port'. */
export function portFlag(name: PortName): string {
  return `--${name}-port`;
}
