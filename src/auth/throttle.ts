// Login failure throttling, shared by every protocol (IMAP, POP3, SMTP, HTTP, ManageSieve).
//
// Policy (defaults in DEFAULT_THROTTLE_POLICY, explained in docs/security.md):
// - Per client (an IPv4 address or an IPv6 /64): the first 3 failures in a 15-minute window
//   cost nothing; after that each attempt waits 1 s, 2 s, 4 s, ... up to 15 s counted from
//   the previous failure, and at 20 failures the client is refused outright for 15 minutes.
// - Per account (whatever address it comes from, existing or not, so the throttle does not
//   reveal which accounts exist): after 5 failures in the window, attempts from addresses
//   that are not known-good wait with the same exponential curve. Accounts are never
//   locked: that would let anyone lock a user out.
// - Known-good: an (account, client) pair that logged in successfully in the last 30 days
//   bypasses the per-client and per-account counters and is throttled only on its own
//   failures. So a distributed attack on alice, or a colleague's typos behind the same NAT,
//   never slows alice at home.
// - Exempt clients (a webmail host logging in for many users, CLIENT-QUIRKS §1 Roundcube)
//   are treated like known-good pairs for every account: each account is throttled on its
//   own failures from there, and one user's typos never lock the others out.
// - While a key is in back-off, only one attempt at a time may wait on it; a parallel one is
//   refused at once, so opening many connections does not multiply the guess rate.
// - Memory is bounded: each table is an LRU with a cap, swept of stale entries once a minute.
//
// The clock is injected so tests run without real time passing.

import { clientKey } from '../net/address.js';
import { BoundedMap } from './bounded-map.js';

export interface ThrottlePolicy {
  /** Failures per client (or known-good pair) in the window before any delay. */
  freeFailures: number;
  /** Failures per account in the window before attempts from unknown clients are delayed. */
  accountFreeFailures: number;
  /** Delay after the first failure beyond the free ones; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures are counted in windows of this length. */
  windowMs: number;
  /** A client (or known-good pair) with this many failures in a window is refused... */
  blockAfterFailures: number;
  /** ...for this long. */
  blockMs: number;
  /** How long a successful (account, client) pair stays known-good. */
  knownGoodMs: number;
  /** Cap of each table (clients, accounts, pairs, known-good). */
  maxEntries: number;
  sweepIntervalMs: number;
  /** Client addresses counted per account only (see above). */
  exemptClients: readonly string[];
}

export const DEFAULT_THROTTLE_POLICY: Readonly<ThrottlePolicy> = {
  freeFailures: 3,
  accountFreeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
  windowMs: 15 * 60_000,
  blockAfterFailures: 20,
  blockMs: 15 * 60_000,
  knownGoodMs: 30 * 24 * 3600_000,
  maxEntries: 50_000,
  sweepIntervalMs: 60_000,
  exemptClients: [],
};

interface FailureRecord {
  count: number;
  windowStart: number;
  lastFailureAt: number;
  blockedUntil: number;
  /** Attempts admitted while this key was in back-off and not yet recorded. */
  pending: number;
}

/** Handed out by `admit`, given back to `record` exactly once. */
export interface ThrottleTicket {
  readonly account: string;
  readonly client: string;
  /** Counted per (account, client) pair only: known-good, or an exempt client. */
  readonly pairOnly: boolean;
  readonly locked: FailureRecord[];
  settled: boolean;
}

export type AdmitResult =
  | { type: 'go'; waitMs: number; ticket: ThrottleTicket }
  | { type: 'refuse'; retryAfterMs: number };

export type AttemptOutcome = 'success' | 'failure' | 'neutral';

export class LoginThrottle {
  private readonly policy: ThrottlePolicy;
  private readonly now: () => number;
  private readonly clients: BoundedMap<string, FailureRecord>;
  private readonly accounts: BoundedMap<string, FailureRecord>;
  private readonly pairs: BoundedMap<string, FailureRecord>;
  private readonly knownGood: BoundedMap<string, number>;
  private lastSweep: number;
  private readonly exempt: Set<string>;

  constructor(options: { policy?: Partial<ThrottlePolicy>; now?: () => number } = {}) {
    this.policy = { ...DEFAULT_THROTTLE_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
    const cap = this.policy.maxEntries;
    this.clients = new BoundedMap(cap);
    this.accounts = new BoundedMap(cap);
    this.pairs = new BoundedMap(cap);
    this.knownGood = new BoundedMap(cap);
    this.lastSweep = this.now();
    this.exempt = new Set(this.policy.exemptClients.map((a) => clientKey(a)));
  }

  /** Asks whether an attempt may proceed, and after how long a wait. */
  admit(account: string, remoteAddress: string | undefined): AdmitResult {
    const now = this.now();
    this.maybeSweep(now);
    const acct = account.toLowerCase();
    const client = clientKey(remoteAddress);
    const pair = `${acct}\n${client}`;
    const pairOnly = this.exempt.has(client) || this.isKnownGood(pair, now);
    // A known-good pair answers only for its own failures; others for client and account.
    const checks: [FailureRecord | undefined, number, boolean][] = pairOnly
      ? [[this.pairs.get(pair), this.policy.freeFailures, true]]
      : [
          [this.clients.get(client), this.policy.freeFailures, true],
          [this.accounts.get(acct), this.policy.accountFreeFailures, false],
        ];
    let waitMs = 0;
    const locked: FailureRecord[] = [];
    for (const [rec, free, canBlock] of checks) {
      if (!rec) continue;
      this.refreshWindow(rec, now);
      if (canBlock && rec.blockedUntil > now) return { type: 'refuse', retryAfterMs: rec.blockedUntil - now };
      if (rec.count <= free) continue;
      const wait = Math.max(0, rec.lastFailureAt + this.backoff(rec.count - free) - now);
      if (rec.pending > 0) return { type: 'refuse', retryAfterMs: Math.max(wait, this.policy.baseDelayMs) };
      locked.push(rec);
      waitMs = Math.max(waitMs, wait);
    }
    for (const rec of locked) rec.pending++;
    return { type: 'go', waitMs, ticket: { account: acct, client, pairOnly, locked, settled: false } };
  }

  /** Records how an admitted attempt ended. `neutral`: right password but refused anyway. */
  record(ticket: ThrottleTicket, outcome: AttemptOutcome): void {
    if (ticket.settled) return;
    ticket.settled = true;
    for (const rec of ticket.locked) rec.pending = Math.max(0, rec.pending - 1);
    const now = this.now();
    const pair = `${ticket.account}\n${ticket.client}`;
    if (outcome === 'success') {
      this.knownGood.set(pair, now);
      this.pairs.delete(pair);
    } else if (outcome === 'failure') {
      this.bump(this.clients, ticket.client, now, true);
      this.bump(this.accounts, ticket.account, now, false);
      if (ticket.pairOnly) this.bump(this.pairs, pair, now, true);
    }
  }

  /** Delay for the n-th failure beyond the free ones (n >= 1). */
  private backoff(n: number): number {
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(n - 1, 30));
  }

  private isKnownGood(pair: string, now: number): boolean {
    const at = this.knownGood.peek(pair);
    return at !== undefined && now - at < this.policy.knownGoodMs;
  }

  private refreshWindow(rec: FailureRecord, now: number): void {
    if (now - rec.windowStart >= this.policy.windowMs) {
      rec.count = 0;
      rec.windowStart = now;
    }
  }

  private bump(table: BoundedMap<string, FailureRecord>, key: string, now: number, canBlock: boolean): void {
    let rec = table.get(key);
    if (!rec) {
      rec = { count: 0, windowStart: now, lastFailureAt: now, blockedUntil: 0, pending: 0 };
      table.set(key, rec);
    }
    this.refreshWindow(rec, now);
    rec.count++;
    rec.lastFailureAt = now;
    if (canBlock && rec.count >= this.policy.blockAfterFailures) rec.blockedUntil = now + this.policy.blockMs;
  }

  private maybeSweep(now: number): void {
    if (now - this.lastSweep < this.policy.sweepIntervalMs) return;
    this.lastSweep = now;
    const stale = (r: FailureRecord) =>
      r.pending === 0 && r.blockedUntil <= now && now - r.windowStart >= this.policy.windowMs;
    this.clients.sweep(stale);
    this.accounts.sweep(stale);
    this.pairs.sweep(stale);
    this.knownGood.sweep((at) => now - at >= this.policy.knownGoodMs);
  }

  /** Sizes of the internal tables (for tests and metrics). */
  stats(): { clients: number; accounts: number; pairs: number; knownGood: number } {
    return {
      clients: this.clients.size,
      accounts: this.accounts.size,
      pairs: this.pairs.size,
      knownGood: this.knownGood.size,
    };
  }
}
