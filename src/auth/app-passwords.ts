// App passwords: one random password per client device ("phone", "laptop"), each
// revocable and optionally limited to some protocols, so a lost phone never means
// changing the main password. The password is generated here, shown once, and only its
// hash is stored (by the core's account service).

import { hashPassword } from './password.js';
import { generatePassword } from './password-policy.js';

export const AUTH_PROTOCOLS = ['imap', 'pop3', 'smtp', 'http', 'sieve'] as const;
export type AuthProtocol = (typeof AUTH_PROTOCOLS)[number];

export function isAuthProtocol(name: string): name is AuthProtocol {
  return (AUTH_PROTOCOLS as readonly string[]).includes(name);
}

/**
 * Validates a protocol restriction given by a user (CLI `--protocols imap,smtp`).
 * Returns the sorted, de-duplicated list, null for "every protocol", or throws with a
 * sentence naming the unknown protocol.
 */
export function parseAppPasswordProtocols(
  input: string | readonly string[] | null | undefined,
): AuthProtocol[] | null {
  if (input === null || input === undefined) return null;
  const names = (typeof input === 'string' ? input.split(',') : [...input])
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.length === 0) return null;
  const out = new Set<AuthProtocol>();
  for (const n of names) {
    if (!isAuthProtocol(n)) throw new Error(`unknown protocol "${n}" (known: ${AUTH_PROTOCOLS.join(', ')})`);
    out.add(n);
  }
  return AUTH_PROTOCOLS.filter((p) => out.has(p));
}

export interface NewAppPassword {
  /** Show this to the user once; it is not stored. */
  password: string;
  passwordHash: string;
}

/** Makes a strong random app password and its hash. */
export async function createAppPassword(): Promise<NewAppPassword> {
  const password = generatePassword();
  return { password, passwordHash: await hashPassword(password) };
}

/**
 * True when an app password limited to `protocols` may be used for `protocol`.
 * null means every protocol; an empty list means none (fail closed).
 */
export function appPasswordAllows(protocols: readonly string[] | null, protocol: AuthProtocol): boolean {
  return protocols === null || protocols.includes(protocol);
}
