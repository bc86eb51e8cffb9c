// The SASL exchange as protocols see it (RFC 4422 §3), shared by IMAP AUTHENTICATE
// (with SASL-IR, RFC 4959), POP3 AUTH (RFC 5034), SMTP AUTH (RFC 4954) and ManageSieve
// AUTHENTICATE (RFC 5804). Everything on the wire is base64 text; this driver decodes
// client responses, runs the mechanism and encodes its challenges. It checks no password:
// a `done` result hands the credentials to the authenticator.
//
//   const sasl = new SaslExchange();
//   let r = sasl.start('PLAIN', initialResponseOrUndefined);
//   while (r.type === 'challenge') r = sasl.step(await readLine());   // "+ " + r.challenge
//
// A response of "*" cancels (RFC 4954 §4, RFC 9051 §6.2.2, RFC 5034 §4).
// Framing and line limits stay in the protocol; this module also refuses long responses.

import { decodeSaslBase64, encodeSaslBase64 } from './base64.js';
import { createLoginMechanism } from './login.js';
import { createPlainMechanism } from './plain.js';
import type { MechanismStep, SaslMechanism, SaslResult } from './types.js';
import { saslError } from './types.js';

/** Mechanisms in the order servers should advertise them. */
export const SASL_MECHANISMS = ['PLAIN', 'LOGIN'] as const;
export type SaslMechanismName = (typeof SASL_MECHANISMS)[number];

/** Longest base64 response accepted (decodes to 6 KiB, far above any real credential). */
export const MAX_SASL_RESPONSE_CHARS = 8192;

const FACTORIES: Record<SaslMechanismName, () => SaslMechanism> = {
  PLAIN: createPlainMechanism,
  LOGIN: createLoginMechanism,
};

export function isSaslMechanism(name: string): name is SaslMechanismName {
  return (SASL_MECHANISMS as readonly string[]).includes(name.toUpperCase());
}

function toResult(step: MechanismStep): SaslResult {
  if (step.type === 'challenge') return { type: 'challenge', challenge: encodeSaslBase64(step.challenge) };
  return step;
}

function decodeResponse(text: string): Buffer | SaslResult {
  if (text.length > MAX_SASL_RESPONSE_CHARS) return saslError('malformed', 'SASL response too long');
  const bytes = decodeSaslBase64(text.trim());
  return bytes ?? saslError('malformed', 'SASL response is not valid base64');
}

/** One authentication exchange; reusable after it finishes. */
export class SaslExchange {
  private mechanism: SaslMechanism | null = null;

  /** True while waiting for a client response to a challenge. */
  get active(): boolean {
    return this.mechanism !== null;
  }

  /**
   * Starts `mechanism` (case-insensitive). `initialResponse` is the base64 text the client
   * put on the command line (SASL-IR), "=" for an empty one, undefined when absent.
   */
  start(mechanism: string, initialResponse?: string): SaslResult {
    this.mechanism = null;
    const name = mechanism.toUpperCase();
    if (!isSaslMechanism(name))
      return saslError('unsupported-mechanism', `unsupported mechanism ${mechanism}`);
    let initial: Buffer | null = null;
    if (initialResponse !== undefined) {
      if (initialResponse.trim() === '*') return saslError('cancelled', 'authentication cancelled');
      const decoded = decodeResponse(initialResponse);
      if (!Buffer.isBuffer(decoded)) return decoded;
      initial = decoded;
    }
    const mech = FACTORIES[name]();
    return this.settle(mech, mech.start(initial));
  }

  /** Feeds one client response line (without CRLF). */
  step(response: string): SaslResult {
    const mech = this.mechanism;
    if (!mech) return saslError('unexpected', 'no authentication exchange in progress');
    this.mechanism = null;
    if (response.trim() === '*') return saslError('cancelled', 'authentication cancelled');
    const decoded = decodeResponse(response);
    if (!Buffer.isBuffer(decoded)) return decoded;
    return this.settle(mech, mech.step(decoded));
  }

  /** Abandons the exchange (connection closed, protocol timeout). */
  cancel(): void {
    this.mechanism = null;
  }

  private settle(mech: SaslMechanism, step: MechanismStep): SaslResult {
    this.mechanism = step.type === 'challenge' ? mech : null;
    return toResult(step);
  }
}
