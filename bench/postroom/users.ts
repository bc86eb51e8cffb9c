// The benchmark users: the same accounts as the Dovecot reference
// (/work/shared/bench/dovecot/passwd), so the suite runs unchanged on both servers.

import { hashPassword } from '../../src/auth/password.js';
import type { MailCore } from '../../src/core/index.js';
import { mapLimit } from '../lib/timer.js';

export const BENCH_PASS = 'Secret-1';
export const BENCH_DOMAIN = 'example.test';

/** alice, bob, carol, user1..user200 @example.test. */
export function benchAddresses(users = 200): string[] {
  const out = ['alice', 'bob', 'carol'].map((l) => `${l}@${BENCH_DOMAIN}`);
  for (let n = 1; n <= users; n++) out.push(`user${n}@${BENCH_DOMAIN}`);
  return out;
}

/**
 * Creates every address that does not exist yet, each with its own scrypt hash of
 * `pass`. Hashing runs on libuv's thread pool, so a few in flight use every core.
 * Returns how many were created.
 */
export async function createBenchUsers(
  core: MailCore,
  addresses: readonly string[],
  pass: string,
): Promise<number> {
  const missing: string[] = [];
  for (const a of addresses) if (!(await core.accounts.getUser(a))) missing.push(a);
  const hashes = await mapLimit(missing, 8, (a) => hashPassword(pass).then((h) => [a, h] as const));
  // Created one after the other: the store serialises writes anyway.
  for (const [address, hash] of hashes) await core.accounts.createUser(address, hash);
  return missing.length;
}
