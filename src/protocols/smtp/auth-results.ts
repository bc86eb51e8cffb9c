// SPF, DKIM, DMARC and ARC verification of inbound mail with mailauth, producing the
// Authentication-Results (RFC 8601) and Received-SPF fields to prepend. The DNS
// resolver is injected so tests run offline; any failure or timeout yields a
// 'temperror' result rather than a lost message.
import type { Readable } from 'node:stream';
import { type AuthenticateResult, authenticate, type DNSResolver } from 'mailauth';

export interface AuthCheckInput {
  message: Buffer | Readable;
  ip: string;
  helo: string;
  /** Envelope sender; '' for the null sender. */
  mailFrom: string;
  /** Our host name: the authserv-id. */
  hostname: string;
  resolver: DNSResolver;
  timeoutMs: number;
}

export interface AuthCheckOutput {
  /** Header fields ending in CRLF. */
  headers: string;
  result: AuthenticateResult | null;
}

export async function checkAuthentication(input: AuthCheckInput): Promise<AuthCheckOutput> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), input.timeoutMs);
  });
  try {
    const result = await Promise.race([
      authenticate(input.message, {
        ip: input.ip,
        helo: input.helo,
        // RFC 7208 §2.4: with a null sender, SPF checks postmaster@helo.
        sender: input.mailFrom || `postmaster@${input.helo}`,
        mta: input.hostname,
        resolver: input.resolver,
        disableBimi: true,
      }),
      timeout,
    ]);
    if (result) return { headers: ensureCrlf(result.headers), result };
  } catch {
    // fall through: a verifier bug must not lose mail
  } finally {
    clearTimeout(timer);
  }
  return {
    headers: `Authentication-Results: ${input.hostname}; spf=temperror; dkim=temperror; dmarc=temperror\r\n`,
    result: null,
  };
}

function ensureCrlf(h: string): string {
  const t = h.replace(/\r?\n/g, '\r\n');
  return t === '' || t.endsWith('\r\n') ? t : `${t}\r\n`;
}
