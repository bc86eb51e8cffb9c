// Account changes made by other processes on the same data directory (the CLI while a
// server runs) reach this process's change bus: each account change is logged in
// `account_changes` in its own transaction; a cheap poll of PRAGMA data_version (it moves
// only when another connection commits) tells when to read the log.
// Mail changes are not carried: only one server process writes mail to a data dir.
import type { ChangeBus } from '../store/types.js';
import type { SqliteDb } from './db.js';

export type AccountAction = 'password' | 'settings' | 'delete';

/** Log entries older than this are pruned when a store opens. */
const KEEP_MS = 24 * 3600 * 1000;

export interface ProcessChangeWatcher {
  /** Reads the log now (the timer calls this; tests may too). */
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
  s.tx(() => s.stmt('DELETE FROM account_changes WHERE at < ?').run(now() - KEEP_MS));
  let last = (s.stmt('SELECT coalesce(max(seq), 0) FROM account_changes').pluck().get() as number) ?? 0;
  let version = s.db.pragma('data_version', { simple: true }) as number;
  const poll = () => {
    if (!s.db.open) return;
    const v = s.db.pragma('data_version', { simple: true }) as number;
    if (v === version) return;
    version = v;
    const rows = s
      .stmt('SELECT seq, user_id, action FROM account_changes WHERE seq > ? AND origin != ? ORDER BY seq')
      .all(last, origin) as { seq: number; user_id: number; action: AccountAction }[];
    const top = s.stmt('SELECT coalesce(max(seq), 0) FROM account_changes').pluck().get() as number;
    last = Math.max(last, top);
    for (const r of rows) bus.publish({ type: 'account', userId: r.user_id, action: r.action });
  };
  const timer = setInterval(() => {
    try {
      poll();
    } catch (e) {
      onError(e);
    }
  }, intervalMs);
  timer.unref();
  return {
    poll,
    stop: () => clearInterval(timer),
  };
}
