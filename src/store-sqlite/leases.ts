// Leases (src/store/types.ts LeaseStore): one row per held name in `leases`, taken with a
// single upsert so two processes on one data dir can never both win.
//
// A lease needs no durability: after a power loss every holder is gone too. So these
// writes commit with synchronous=NORMAL (WAL: still atomic, never corrupting; the next
// FULL commit of real mail syncs them anyway), sparing two fsyncs per POP session. A
// single statement needs no BEGIN: it takes the write lock as it starts (busy_timeout
// applies), which halves the cost of a login's lease.
import type { LeaseStore } from '../store/types.js';
import type { SqliteDb } from './db.js';

export function createSqliteLeaseStore(s: SqliteDb, now: () => number): LeaseStore {
  const light = <T>(fn: () => T, many = false): T => {
    const before = s.db.pragma('synchronous', { simple: true }) as number;
    s.db.pragma('synchronous = NORMAL');
    try {
      return many ? s.tx(fn) : s.read(fn);
    } finally {
      s.db.pragma(`synchronous = ${before}`);
    }
  };
  return {
    async acquire(name, holder, ttlMs) {
      const t = now();
      // The upsert's WHERE leaves a live lease of another holder untouched (0 changes).
      const r = light(() =>
        s
          .stmt(
            `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
          )
          .run(name, holder, t + ttlMs, t),
      );
      return r.changes === 1;
    },
    async renew(leases, ttlMs) {
      if (leases.length === 0) return [];
      const until = now() + ttlMs;
      return light(() => {
        const st = s.stmt('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?');
        return leases.filter((l) => st.run(until, l.name, l.holder).changes === 0);
      }, true);
    },
    async release(name, holder) {
      light(() => s.stmt('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder));
    },
  };
}
