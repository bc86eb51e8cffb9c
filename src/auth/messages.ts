// Human text for authentication failures, the same in every protocol. Each protocol adds
// its own code around it (IMAP [AUTHENTICATIONFAILED] / [PRIVACYREQUIRED] / [UNAVAILABLE],
// SMTP 535 5.7.8 / 530 5.7.0 / 454 4.7.0, POP3 -ERR [AUTH] / [SYS/TEMP], ManageSieve NO).
// Bad credentials never say which half was wrong (RFC 4954 §4, RFC 9051 §7.1).

import type { AuthProtocol } from './app-passwords.js';
import type { AuthFailureReason } from './authenticator.js';

const PROTOCOL_NAMES: Record<AuthProtocol, string> = {
  imap: 'IMAP',
  pop3: 'POP3',
  smtp: 'SMTP',
  http: 'web access',
  sieve: 'ManageSieve',
};

export function describeAuthFailure(
  reason: AuthFailureReason,
  protocol: AuthProtocol,
  retryAfterMs?: number,
): string {
  switch (reason) {
    case 'bad-credentials':
      return 'Authentication failed: wrong address or password';
    case 'throttled': {
      const s = Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000));
      return `Too many failed logins, try again in ${s} second${s === 1 ? '' : 's'}`;
    }
    case 'disabled':
      return 'This account is disabled';
    case 'protocol-disabled':
      return `This account or app password may not be used for ${PROTOCOL_NAMES[protocol]}`;
    case 'tls-required':
      return 'Use TLS (STARTTLS or the TLS port) before sending a password';
  }
}
