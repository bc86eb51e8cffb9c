// The maildrop lock (RFC 1939 §8: "the POP3 server acquires an exclusive-access lock on
// the maildrop"). It is a store lease (src/core/leases.ts LeaseKeeper), so it holds across
// every server process sharing the store: a second login anywhere answers [IN-USE]. The
// lease is renewed while the session lives, released at QUIT or close, and expires after
// a crash (docs/pop3.md gives the times).

import type { UserId } from '../../store/types.js';

/** One held maildrop lock. */
export interface MaildropLock {
  /** Whether the lock is still ours (renews it): checked before the UPDATE state. */
  confirm(): Promise<boolean>;
  /** Gives the lock up; safe to call twice. */
  release(): void;
}

/** Where maildrop locks come from (LeaseKeeper in the server; tests may fake it). */
export interface MaildropLocks {
  /** The lock, or null when another session (in any process) holds it. */
  acquire(name: string): Promise<MaildropLock | null>;
}

/**
 * The lease name of a maildrop. Recent mode (`recent:ADDRESS`) has its own: it records
 * nothing, and its deletions are idempotent removals by emailId.
 */
export function maildropLockName(userId: UserId, recent: boolean): string {
  return `pop3:maildrop:${userId}${recent ? ':recent' : ''}`;
}
