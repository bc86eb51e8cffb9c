// The change feed across processes on one data dir (two `serve` processes, or the CLI
// beside a server): every change a write transaction makes is journaled in
// `change_journal` inside that same transaction, then published on this process's bus
// after commit. Each process polls PRAGMA data_version (it moves only when another
// connection commits, so an idle poll costs no read) and publishes the journal rows other
// processes wrote, in commit order.
//
// Invariants:
// - A change is journaled iff its transaction commits: a process killed after COMMIT
//   still leaves the rows, so no other process's session misses it (IMAP views, live
//   searches and NOTIFY are built on this feed).
// - This process's own rows are never read back (`origin` is per store instance), so no
//   change is published twice in one process.
// - Rows are published in seq order, and seq follows commit order (BEGIN IMMEDIATE
//   serialises writers; AUTOINCREMENT never reuses a seq after pruning).
// - Rows are pruned after KEEP_MS: a process reads them within a poll interval.
import type { ChangeBus, MailChange } from '../store/types.js';
import type { SqliteDb } from './db.js';

/** Journal rows older than this are pruned (at open and by the poller). */
const KEEP_MS = 10 * 60 * 1000;
/** Rows published per poll step; the rest follow on the next tick. */
const PAGE = 2000;

export type Emit = (change: MailChange) => void;

export interface ChangeLog {
  /** Runs fn in one write transaction (BEGIN IMMEDIATE); what it emits is journaled in
   *  the same transaction and published on the bus after the commit. */
  tx<T>(fn: (emit: Emit) => T): T;
}

export function createChangeLog(s: SqliteDb, bus: ChangeBus, origin: string, now: () => number): ChangeLog {
  return {
    tx(fn) {
      const changes: MailChange[] = [];
      const result = s.tx(() => {
        changes.length = 0; // a retried transaction starts again
        const r = fn((c) => changes.push(c));
        if (changes.length) {
          const ins = s.stmt('INSERT INTO change_journal (origin, user_id, at, change) VALUES (?, ?, ?, ?)');
          const at = now();
          for (const c of changes) ins.run(origin, c.userId, at, JSON.stringify(c));
        }
        return r;
      });
      for (const c of changes) bus.publish(c);
      return result;
    },
  };
}

export interface ProcessChangeWatcher {
  /** Reads the journal now (the timer calls this; tests may too). */
  poll(): void;
  stop(): void;
}

export function watchOtherProcesses(
  s: SqliteDb,
  origin: string,
  bus: ChangeBus,
  now: () => number,
  intervalMs = 250,
  onError: (e: unknown) => void = () => {},
): ProcessChangeWatcher {
  const prune = () => s.tx(() => s.stmt('DELETE FROM change_journal WHERE at < ?').run(now() - KEEP_MS));
  prune();
  let lastPrune = now();
  let last = s.stmt('SELECT coalesce(max(seq), 0) FROM change_journal').pluck().get() as number;
  let version = s.db.pragma('data_version', { simple: true }) as number;
  let more: NodeJS.Immediate | null = null;
  const poll = () => {
    if (!s.db.open) return;
    const v = s.db.pragma('data_version', { simple: true }) as number;
    if (v === version && !more) return;
    version = v;
    more = null;
    const rows = s
      .stmt('SELECT seq, origin, change FROM change_journal WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(last, PAGE) as { seq: number; origin: string; change: string }[];
    for (const r of rows) {
      last = r.seq;
      if (r.origin === origin) continue;
      bus.publish(JSON.parse(r.change) as MailChange);
    }
    // A long batch (a STORE on 100k messages elsewhere) is published a page per tick.
    if (rows.length === PAGE) more = setImmediate(guarded);
    if (now() - lastPrune > KEEP_MS / 2) {
      lastPrune = now();
      prune();
    }
  };
  const guarded = () => {
    try {
      poll();
    } catch (e) {
      onError(e);
    }
  };
  const timer = setInterval(guarded, intervalMs);
  timer.unref();
  return {
    poll,
    stop: () => {
      clearInterval(timer);
      if (more) clearImmediate(more);
    },
  };
}
