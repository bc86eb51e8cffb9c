// The embedded store: SQLite for metadata and small bodies, files for bigger bodies.
//
// On-disk layout of a data directory:
//   store.db (+ -wal, -shm)   SQLite in WAL mode, synchronous=FULL: domains, users, aliases,
//                             app passwords, mailboxes, subscriptions, messages (one row per
//                             message per mailbox), blob metadata + an FTS5 trigram index,
//                             bodies up to INLINE_BODY_MAX given with their message
//                             (blob_bodies, ./blob-rows.ts), expunge tombstones (QRESYNC), POP
//                             download records with their dates, leases (cross-process
//                             locks, ./leases.ts), the outbound queue and DKIM keys
//                             (./queue.ts), Sieve scripts, URLAUTH mailbox access keys
//                             (./urlauth.ts).
//   blobs/ab/cd/<sha256>      other message bodies, CRLF-normalised, named by their sha256;
//                             one file however many messages (copies, moves, recipients) use it.
//   blobs/tmp/                incoming bodies being written, then linked into place.
//
// Why: big bodies are immutable and read in byte ranges (IMAP partial FETCH, POP3 RETR),
// which plain files serve well (streamed, page-cached, written once, never through SQLite's
// WAL); small ones cost more in file system calls than in bytes, so they go in the row's
// transaction (one fsync for an APPEND). The metadata is small, relational and changes
// constantly, which SQLite does well with transactional counters. Content addressing makes
// copy/move/multi-recipient delivery free, and making a body durable (its file linked and
// fsynced with its dir, or its row in the same commit) before the message row commits means
// a committed row always has its body: a crash leaves at worst an unreferenced file, which
// the garbage collector removes. Two processes (server + CLI) share the directory through WAL and
// busy_timeout; every change reaches the other processes' buses through a journal written
// in the change's own transaction (./change-journal.ts).
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeBus, MailStore, Store } from '../store/types.js';
import { createAccountStore } from './accounts.js';
import { createBackground } from './background.js';
import { INLINE_BODY_MAX, inlineBodies, referencedBlobIds } from './blob-rows.js';
import { createFileBlobStore } from './blobs.js';
import { createLocalChangeBus } from './change-bus.js';
import { createChangeLog, watchOtherProcesses } from './change-journal.js';
import { checkStore, findMissingBodies } from './check.js';
import { openDb } from './db.js';
import { createFlagCache } from './flag-cache.js';
import { createSqliteLeaseStore } from './leases.js';
import { createMailboxOps } from './mailboxes.js';
import { createMessageOps } from './messages.js';
import { createPopDownloadOps } from './pop-downloads.js';
import { createQueryOps } from './queries.js';
import { createSqliteDkimKeyStore, createSqliteQueueStore } from './queue.js';
import { contains, headerHas } from './search-sql.js';
import { createSqliteSieveStore } from './sieve.js';
import { hasPendingText, indexAllPendingText } from './text-indexer.js';
import { createUidOps } from './uid-ops.js';
import { createSqliteUrlAuthKeyStore } from './urlauth.js';
import { newWriteGateMemory, openWriteGate } from './write-gate.js';

export interface SqliteStoreOptions {
  /** Clock for stored dates (tests); defaults to Date.now. */
  now?: () => number;
  /** Reports a throwing change listener (the others still run). */
  onListenerError?: (e: unknown) => void;
  /** Reports a failure of work the store does by itself (the background thread's index
   *  batches and checkpoints, the watch for other processes' changes); it is retried. */
  onBackgroundError?: (e: unknown) => void;
  changes?: ChangeBus;
  /** How often to look for changes made by other processes (ms, default 250). */
  pollMs?: number;
  /** Wait after an append before its body is indexed (./text-indexer.ts); tests hold
   *  bodies unindexed with a long one. */
  textIndexDelayMs?: number;
  /** Messages whose flags are kept in memory for messageFlags() (./flag-cache.ts). */
  flagCacheMessages?: number;
  /** Largest body kept in the database rather than as a file (default INLINE_BODY_MAX;
   *  0: every body is a file). */
  inlineBodyMax?: number;
}

/** The embedded store, with what only it has. */
export interface SqliteStore extends Store {
  /** Feeds every body not yet in the trigram index to it now (normally done in the
   *  background after each append); returns how many. For tools and benchmarks. */
  indexPendingText(): number;
}

export async function openSqliteStore(dataDir: string, opts: SqliteStoreOptions = {}): Promise<SqliteStore> {
  await mkdir(dataDir, { recursive: true });
  const now = opts.now ?? Date.now;
  const file = join(dataDir, 'store.db');
  const gate = newWriteGateMemory();
  const s = openDb(file, openWriteGate(gate, 'foreground'));
  s.db.function('pr_header_has', { deterministic: true }, (text, name, value) =>
    headerHas(String(text), String(name), String(value)),
  );
  s.db.function('pr_contains', { deterministic: true }, (text, needle) =>
    contains(String(text), String(needle)),
  );
  const bus = opts.changes ?? createLocalChangeBus(opts.onListenerError);
  const background = createBackground(s, file, gate, {
    ...(opts.textIndexDelayMs !== undefined ? { indexDelayMs: opts.textIndexDelayMs } : {}),
    ...(opts.onBackgroundError ? { onError: opts.onBackgroundError } : {}),
  });
  // Every change means a write to checkpoint, and every new message (this process's or,
  // through the journal, another's) may bring a body to index.
  const indexing: ChangeBus = {
    publish(c) {
      if (c.type === 'append') background.indexSoon();
      else background.wrote();
      bus.publish(c);
    },
    subscribe: (userId, listener) => bus.subscribe(userId, listener),
  };
  const blobs = await createFileBlobStore(
    join(dataDir, 'blobs'),
    (ids) => referencedBlobIds(s, ids),
    () => background.dropUnreferencedRows(),
    inlineBodies(s, opts.inlineBodyMax ?? INLINE_BODY_MAX),
  );
  // Changes by other processes (another server, the CLI) on this data dir reach this bus.
  const origin = randomUUID();
  const log = createChangeLog(s, indexing, origin, now);
  const watcher = watchOtherProcesses(
    s,
    origin,
    indexing,
    now,
    opts.pollMs ?? 250,
    opts.onBackgroundError ?? opts.onListenerError,
  );
  if (hasPendingText(s)) background.indexSoon(); // bodies left pending by an earlier run
  const mail: MailStore = {
    ...createMailboxOps(s, log, now),
    ...createMessageOps(s, log, now),
    ...createQueryOps(s, now),
    ...createPopDownloadOps(s),
    ...createUidOps(s, now),
    ...createFlagCache(s, opts.flagCacheMessages),
  };
  return {
    accounts: createAccountStore(s, log, now),
    mail,
    blobs,
    changes: bus,
    leases: createSqliteLeaseStore(s, now),
    queue: createSqliteQueueStore(s),
    dkimKeys: createSqliteDkimKeyStore(s),
    sieve: createSqliteSieveStore(s),
    urlAuthKeys: createSqliteUrlAuthKeyStore(s, now),
    indexPendingText: () => indexAllPendingText(s),
    check: () => checkStore(s, blobs),
    findMissingBodies: (stopped) => findMissingBodies(s, blobs, stopped),
    async close() {
      await background.stop();
      watcher.stop();
      s.close();
    },
  };
}
