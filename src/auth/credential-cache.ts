// A short-lived memory of credentials that verified, so a client that logs in many times
// a second (webmail, a phone with several folders pushing) does not pay one scrypt each.
//
// The key is HMAC-SHA256 under a random per-process key of (login name, password, stored
// hash). The password itself is never kept, and the HMAC cannot be tested offline without
// the process key. Because the stored hash is part of the key, a password change (new
// hash, e.g. from the CLI while the server runs) makes the old entry unreachable at once,
// and a removed app password is simply no longer offered to the cache.

import { createHmac, randomBytes } from 'node:crypto';
import { BoundedMap } from './bounded-map.js';

export interface CredentialCacheOptions {
  /** How long a verified credential is trusted without a new scrypt. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_CREDENTIAL_TTL_MS = 5 * 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;

export class CredentialCache {
  private readonly key = randomBytes(32);
  private readonly entries: BoundedMap<string, number>;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: CredentialCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CREDENTIAL_TTL_MS;
    this.now = options.now ?? Date.now;
    this.entries = new BoundedMap(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  private digest(username: string, password: string, storedHash: string): string {
    const h = createHmac('sha256', this.key);
    // Length-prefixed fields, so no two different triples produce the same input.
    for (const part of [username.toLowerCase(), password.normalize('NFC'), storedHash]) {
      const bytes = Buffer.from(part, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(bytes.length);
      h.update(len).update(bytes);
    }
    return h.digest('base64');
  }

  /** True when this exact triple verified less than ttlMs ago. */
  has(username: string, password: string, storedHash: string): boolean {
    const k = this.digest(username, password, storedHash);
    const expires = this.entries.peek(k);
    if (expires === undefined) return false;
    if (expires <= this.now()) {
      this.entries.delete(k);
      return false;
    }
    return true;
  }

  /** Remembers a triple that just verified. */
  add(username: string, password: string, storedHash: string): void {
    this.entries.set(this.digest(username, password, storedHash), this.now() + this.ttlMs);
  }

  get size(): number {
    return this.entries.size;
  }
}
