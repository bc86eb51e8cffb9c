// The CAPABILITY list (RFC 9051 §7.2.2). Only what is implemented is advertised: the
// session-level list is here, and each command handler adds its own (MOVE, UIDPLUS,
// ESEARCH...) once it is no longer a placeholder. IMAP4rev2 is advertised only when
// every command of the registry is implemented.

import { SASL_MECHANISMS } from '../../auth/sasl/index.js';
import { HANDLERS } from './commands/registry.js';

export interface CapabilityInput {
  state: 'not-authenticated' | 'authenticated' | 'selected';
  /** TLS is on (implicit or after STARTTLS). */
  secure: boolean;
  /** STARTTLS can be offered (a certificate is configured and the port is plain). */
  startTlsAvailable: boolean;
  /** A password may be sent on this connection (TLS or loopback, src/auth). */
  plaintextAllowed: boolean;
  compressed: boolean;
  appendLimit: number;
  /** Non-synchronising literals of any size are accepted (RFC 7888 LITERAL+), else only
   *  up to 4096 bytes (LITERAL-). */
  literalPlus: boolean;
}

/** Capabilities that need no particular command handler. */
const SESSION_CAPS = [
  'ENABLE',
  'ID',
  'IDLE',
  'NAMESPACE',
  'UNSELECT',
  'CHILDREN',
  'SPECIAL-USE',
  'CREATE-SPECIAL-USE',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'QUOTA',
  'QUOTA=RES-STORAGE',
  'QUOTA=RES-MESSAGE',
  'STATUS=SIZE',
  'UTF8=ACCEPT',
  'UNAUTHENTICATE',
  'NOTIFY',
  'UIDONLY', // RFC 9586 (uidonly.ts)
];

function handlerCaps(): { caps: string[]; complete: boolean } {
  const caps: string[] = [];
  let complete = true;
  for (const h of Object.values(HANDLERS)) {
    if (h.stub) complete = false;
    else if (h.capabilities) caps.push(...h.capabilities);
  }
  return { caps, complete };
}

export function capabilities(i: CapabilityInput): string[] {
  const { caps, complete } = handlerCaps();
  const out = ['IMAP4rev1'];
  // RFC 7888: LITERAL+ (any size, limits enforced while reading, §4) or LITERAL- (4096).
  const literal = i.literalPlus ? 'LITERAL+' : 'LITERAL-';
  if (complete) out.push('IMAP4rev2');
  if (i.state === 'not-authenticated') {
    if (i.startTlsAvailable && !i.secure) out.push('STARTTLS');
    // RFC 9051 §6.2.3 / CLIENT-QUIRKS §2: no password before TLS on non-loopback.
    if (!i.plaintextAllowed) out.push('LOGINDISABLED');
    else out.push('SASL-IR', ...SASL_MECHANISMS.map((m) => `AUTH=${m}`));
    out.push(literal, 'ENABLE', 'ID', 'IDLE', 'NAMESPACE', 'UNSELECT');
    return dedupe(out);
  }
  out.push(literal, ...SESSION_CAPS, `APPENDLIMIT=${i.appendLimit}`, ...caps);
  if (!i.compressed) out.push('COMPRESS=DEFLATE');
  return dedupe(out);
}

function dedupe(a: string[]): string[] {
  return [...new Set(a)];
}
