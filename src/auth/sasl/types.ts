// Shapes shared by the SASL mechanisms and the exchange driver. Pure: no I/O.

export interface SaslCredentials {
  /** The authentication identity (a full address for Postroom). */
  username: string;
  password: string;
  /** Authorization identity when the client sent one (PLAIN); always equal to username here. */
  authzid: string | null;
}

export type SaslErrorCode =
  | 'cancelled' // client sent "*"
  | 'malformed' // not base64, wrong message shape, invalid UTF-8, too long
  | 'unsupported-mechanism'
  | 'authzid-not-allowed' // PLAIN asked to act as someone else
  | 'unexpected'; // a response arrived when no exchange was running

export type SaslResult =
  /** Send this (already base64) to the client as a continuation and wait for a response. */
  | { type: 'challenge'; challenge: string }
  /** The client supplied credentials; verify them with the authenticator. */
  | { type: 'done'; credentials: SaslCredentials }
  | { type: 'error'; code: SaslErrorCode; message: string };

/** One step of a mechanism, working on decoded bytes. */
export type MechanismStep =
  | { type: 'challenge'; challenge: Buffer }
  | { type: 'done'; credentials: SaslCredentials }
  | { type: 'error'; code: SaslErrorCode; message: string };

/** A server-side mechanism: one instance per exchange. */
export interface SaslMechanism {
  /** Called with the initial response (null when the client sent none). */
  start(initial: Buffer | null): MechanismStep;
  step(response: Buffer): MechanismStep;
}

export function saslError(
  code: SaslErrorCode,
  message: string,
): { type: 'error'; code: SaslErrorCode; message: string } {
  return { type: 'error', code, message };
}
