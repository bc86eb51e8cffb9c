// Opening the SQLite database: pragmas, migrations, a per-instance prepared-statement
// cache and transactions that map driver errors to domain errors.
//
// Invariants:
// - Every write runs in BEGIN IMMEDIATE so two processes (the server and the CLI) never
//   deadlock upgrading a read lock; the loser waits up to busy_timeout.
// - synchronous=FULL under WAL: a commit has reached the disk before it returns, so an
//   acknowledged change survives power loss.
// - Nothing about accounts is cached between calls: another process may change it.
import Database from 'better-sqlite3';
import { MailError } from '../core/errors.js';
import { migrate } from './migrations.js';
import type { WriteGate } from './write-gate.js';

export type Db = Database.Database;
export type Stmt = Database.Statement;

export interface SqliteDb {
  readonly db: Db;
  /** A prepared statement, compiled once per store instance. */
  stmt(sql: string): Stmt;
  /** The same, returning rows as arrays in column order (no object per row: faster
   *  when thousands of rows are read, as FETCH pages are). */
  rawStmt(sql: string): Stmt;
  /** Runs fn in one BEGIN IMMEDIATE transaction; driver errors become MailErrors. */
  tx<T>(fn: () => T): T;
  /** tx() for work that may be lost on power failure and redone (the text index): the
   *  commit is not fsynced (synchronous=NORMAL for it); the next FULL commit or a
   *  checkpoint makes it durable. Never for anything a client was told is done. */
  txUnsynced<T>(fn: () => T): T;
  /** A read outside a transaction (driver errors mapped). */
  read<T>(fn: () => T): T;
  /** True while another thread of this process waits to write (./write-gate.ts): a
   *  long background transaction should commit what it has. */
  writerWaiting(): boolean;
  close(): void;
}

/** `gate`: shared by every thread of this process that writes this database. */
export function openDb(file: string, gate: WriteGate | null = null): SqliteDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A larger page cache helps 1M-message mailboxes; temp b-trees stay in memory.
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  const cache = new Map<string, Stmt>();
  const rawCache = new Map<string, Stmt>();
  const stmt = (sql: string): Stmt => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    db,
    stmt,
    rawStmt(sql: string): Stmt {
      let s = rawCache.get(sql);
      if (!s) {
        s = db.prepare(sql).raw(true);
        rawCache.set(sql, s);
      }
      return s;
    },
    tx<T>(fn: () => T): T {
      gate?.acquire();
      try {
        return db.transaction(fn).immediate();
      } catch (e) {
        throw mapError(e);
      } finally {
        gate?.release();
      }
    },
    txUnsynced<T>(fn: () => T): T {
      gate?.acquire();
      db.pragma('synchronous = NORMAL');
      try {
        return db.transaction(fn).immediate();
      } catch (e) {
        throw mapError(e);
      } finally {
        db.pragma('synchronous = FULL');
        gate?.release();
      }
    },
    writerWaiting: () => gate?.contended() ?? false,
    read<T>(fn: () => T): T {
      try {
        return fn();
      } catch (e) {
        throw mapError(e);
      }
    },
    close() {
      cache.clear();
      rawCache.clear();
      if (db.open) db.close();
    },
  };
}

/** Driver errors become domain errors; MailErrors pass through unchanged. */
export function mapError(e: unknown): Error {
  if (e instanceof MailError) return e;
  if (e instanceof Database.SqliteError) {
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return new MailError('AlreadyExists', 'already exists');
    if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      return new MailError('NotFound', 'referenced item not found');
    if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')
      return new MailError('Unavailable', 'store busy, try again');
    if (e.code === 'SQLITE_FULL') return new MailError('OverQuota', 'disk full');
    return new MailError('Unavailable', `store error: ${e.message}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
