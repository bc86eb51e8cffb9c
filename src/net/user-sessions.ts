// Limits on logged-in sessions, shared by every protocol of one server process: at most
// `perUserAndAddress` sessions of one user from one client and `perUser` in total (see
// limits.ts for the reasons). Protocols call acquire() right after a successful login and
// release when the session ends.

import { clientKey } from './address.js';
import { ConnectionCounter } from './counter.js';
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from './limits.js';

export type SessionAcquire =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'per-user-address' | 'per-user'; message: string };

export class UserSessionLimiter {
  private readonly perPair: ConnectionCounter;
  private readonly perUser: ConnectionCounter;
  private readonly limits: Pick<ConnectionLimits, 'perUserAndAddress' | 'perUser'>;

  constructor(limits: Partial<Pick<ConnectionLimits, 'perUserAndAddress' | 'perUser'>> = {}) {
    this.limits = {
      perUserAndAddress: limits.perUserAndAddress ?? DEFAULT_CONNECTION_LIMITS.perUserAndAddress,
      perUser: limits.perUser ?? DEFAULT_CONNECTION_LIMITS.perUser,
    };
    this.perPair = new ConnectionCounter(this.limits.perUserAndAddress);
    this.perUser = new ConnectionCounter(this.limits.perUser);
  }

  acquire(userId: number, remoteAddress: string | undefined): SessionAcquire {
    const releaseUser = this.perUser.acquire(String(userId));
    if (!releaseUser)
      return {
        ok: false,
        reason: 'per-user',
        message: `too many connections for this account (limit ${this.limits.perUser})`,
      };
    const releasePair = this.perPair.acquire(`${userId}\n${clientKey(remoteAddress)}`);
    if (!releasePair) {
      releaseUser();
      return {
        ok: false,
        reason: 'per-user-address',
        message: `too many connections for this account from your address (limit ${this.limits.perUserAndAddress})`,
      };
    }
    return {
      ok: true,
      release: () => {
        releasePair();
        releaseUser();
      },
    };
  }

  sessions(userId: number, remoteAddress?: string): number {
    return remoteAddress === undefined
      ? this.perUser.count(String(userId))
      : this.perPair.count(`${userId}\n${clientKey(remoteAddress)}`);
  }
}
