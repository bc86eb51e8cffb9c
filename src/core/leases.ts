// Exclusive locks shared by every process on one store, on top of the store's leases
// (src/store/types.ts LeaseStore): a lease is taken atomically with an expiry, renewed on
// one timer while held, released when done, and simply expires when its process dies, so
// a killed server never locks a user out for longer than the lease time.
//
// Every acquisition gets its own holder id, so a release that arrives late can never drop
// a newer acquisition of the same name. All held leases of this keeper are renewed in one
// store call per tick.

import { randomUUID } from 'node:crypto';
import type { LeaseStore } from '../store/types.js';

export interface LeaseKeeperOptions {
  /** How long a lease lives without renewal: the lockout after a crash. */
  ttlMs?: number;
  /** How often held leases are renewed (well under ttlMs, so a busy process keeps them). */
  renewMs?: number;
  /** Renewal or release failures (the lease then expires by itself). */
  onError?: (err: unknown) => void;
  /** A lease found taken by another holder at renewal (this process was stalled too long). */
  onLost?: (name: string) => void;
}

export const DEFAULT_LEASE_TTL_MS = 60_000;
export const DEFAULT_LEASE_RENEW_MS = 20_000;

/** One held lease. */
export interface HeldLease {
  readonly name: string;
  /** True once a renewal found the lease taken by another holder. */
  readonly lost: boolean;
  /** Renews now: whether this holder still holds the lease (before an irreversible step). */
  confirm(): Promise<boolean>;
  /** Gives the lease up; safe to call twice. */
  release(): void;
}

export class LeaseKeeper {
  private readonly prefix = randomUUID();
  private serial = 0;
  /** Held leases by holder id, and their names. */
  private readonly held = new Map<string, Lease>();
  private readonly names = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private renewing = false;
  readonly ttlMs: number;
  readonly renewMs: number;

  constructor(
    private readonly store: LeaseStore,
    private readonly opts: LeaseKeeperOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewMs = opts.renewMs ?? DEFAULT_LEASE_RENEW_MS;
  }

  /** Takes the lease, or null when another holder (any process) has it. */
  async acquire(name: string): Promise<HeldLease | null> {
    // Held here and renewed: refused without asking the store.
    if (this.names.has(name)) return null;
    const holder = `${this.prefix}:${++this.serial}`;
    if (!(await this.store.acquire(name, holder, this.ttlMs))) return null;
    const lease = new Lease(this, name, holder);
    this.held.set(holder, lease);
    this.names.add(name);
    this.schedule();
    return lease;
  }

  /** Leases held now (tests, shutdown logs). */
  get size(): number {
    return this.held.size;
  }

  /** @internal */
  async confirm(lease: Lease): Promise<boolean> {
    if (lease.lost || lease.released) return false;
    const lost = await this.store.renew([{ name: lease.name, holder: lease.holder }], this.ttlMs);
    if (lost.length > 0) this.markLost(lease);
    return !lease.lost;
  }

  /** @internal */
  release(lease: Lease): void {
    this.forget(lease);
    this.store.release(lease.name, lease.holder).catch((err) => this.opts.onError?.(err));
  }

  private markLost(lease: Lease): void {
    if (lease.lost) return;
    lease.lost = true;
    this.forget(lease);
    this.opts.onLost?.(lease.name);
  }

  private forget(lease: Lease): void {
    if (!this.held.delete(lease.holder)) return;
    this.names.delete(lease.name);
    if (this.held.size === 0) this.stopTimer();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.renewAll(), this.renewMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async renewAll(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      const leases = [...this.held.values()];
      const lost = await this.store.renew(
        leases.map((l) => ({ name: l.name, holder: l.holder })),
        this.ttlMs,
      );
      for (const { holder } of lost) {
        const l = this.held.get(holder);
        if (l) this.markLost(l);
      }
    } catch (err) {
      // The leases run on until they expire; the next tick tries again.
      this.opts.onError?.(err);
    } finally {
      this.renewing = false;
    }
  }
}

class Lease implements HeldLease {
  lost = false;
  released = false;

  constructor(
    private readonly keeper: LeaseKeeper,
    readonly name: string,
    readonly holder: string,
  ) {}

  confirm(): Promise<boolean> {
    return this.keeper.confirm(this);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.keeper.release(this);
  }
}
