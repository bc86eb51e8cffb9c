// The block printed on first start, when the server created the first account: its
// address and password, and how to set up a mail client. Pure text from the config.
import { PORTS, type PortName } from '../config/ports.js';
import type { Config } from '../config/schema.js';

export interface FirstAccount {
  address: string;
  password: string;
}

const TLS_WORDS = { implicit: 'SSL/TLS', starttls: 'STARTTLS', none: 'none' } as const;

const CLIENT_PORTS: { port: PortName; label: string }[] = [
  { port: 'imaps', label: 'IMAP' },
  { port: 'imap', label: 'IMAP' },
  { port: 'pop3s', label: 'POP3' },
  { port: 'pop3', label: 'POP3' },
  { port: 'submissions', label: 'SMTP (sending)' },
  { port: 'submission', label: 'SMTP (sending)' },
];

/** The host name a client should use. */
function clientHost(config: Config): string {
  return config.hostname;
}

export function webmailUrl(config: Config, ports: Partial<Record<PortName, number>> = {}): string | null {
  const https = ports.https ?? config.ports.https;
  const http = ports.http ?? config.ports.http;
  if (https !== 0) return `https://${clientHost(config)}${https === 443 ? '' : `:${https}`}/`;
  if (http !== 0) return `http://${clientHost(config)}${http === 80 ? '' : `:${http}`}/`;
  return null;
}

/**
 * @param bound the ports actually listening (a configured port may be ephemeral or its
 *   module not built yet); listeners absent from it are shown as not running.
 */
export function firstRunBanner(
  config: Config,
  account: FirstAccount,
  bound: Partial<Record<PortName, number>>,
): string {
  const lines = [
    '',
    '================================================================',
    ' Postroom created the first account:',
    '',
    `   address:  ${account.address}`,
    `   password: ${account.password}`,
    '',
    ' Write the password down now: it is not shown again.',
    ` Change it with: postroom user passwd ${account.address} --password NEW --data ${config.dataDir}`,
    '',
    ` Mail client settings (server ${clientHost(config)}, user name = the full address):`,
  ];
  for (const { port, label } of CLIENT_PORTS) {
    const n = bound[port];
    const state = config.ports[port] === 0 ? '  (disabled)' : n === undefined ? '  (not running)' : '';
    lines.push(
      `   ${label.padEnd(15)} port ${String(n ?? config.ports[port]).padEnd(5)} ${TLS_WORDS[PORTS[port].tls]}${state}`,
    );
  }
  const web = bound.https !== undefined || bound.http !== undefined ? webmailUrl(config, bound) : null;
  lines.push(`   Webmail         ${web ?? '(not running)'}`);
  if (config.tls.cert === undefined) {
    lines.push('', ' The certificate is self-signed: accept it in your client once.');
  }
  lines.push('================================================================', '');
  return lines.join('\n');
}
