// The store's background thread (./background.ts): work that would otherwise hold the
// event loop, on its own connection to the same database file.
// - Text indexing (./text-indexer.ts): tokenising a body costs about 0.2 ms per KB of
//   text; on the server's thread it showed as the slowest APPENDs (p99 20-50 ms at 300
//   appends/s).
// - WAL checkpoints: SQLite runs one inside the commit that crosses wal_autocheckpoint
//   pages (every ~50 appends), copying ~4 MB and fsyncing the database file: 10-25 ms
//   added to that one APPEND. Here they run PASSIVE, which waits for no reader or writer.
// - Deleting unused blob rows (./blob-rows.ts): their index entries are deleted by
//   tokenising their text again. On the server's thread, the first sweep after a big
//   mailbox was deleted held APPEND to 62/s (p99 390 ms) while it ran.
//
// Invariants:
// - Messages in: {op:'kick'} (bodies to index soon), {op:'gc', id} (delete unused blob
//   rows), {op:'stop'} (close and exit). Messages out: {op:'error', message} for a failed
//   step (it is retried later), {op:'gc-done', id, removed} or {op:'gc-failed', id,
//   message} for each gc.
// - An index batch holds the write lock while it tokenises. The server's thread has
//   priority through ./write-gate.ts: a batch does not start while it waits to write and
//   ends after the body in hand when it starts waiting.
// - Checkpoints take no write lock; one runs every `checkpointMs` while the store is open.

import { parentPort, workerData } from 'node:worker_threads';
import { dropUnreferencedBlobRows } from './blob-rows.js';
import { openDb } from './db.js';
import { indexPendingText } from './text-indexer.js';
import { openWriteGate } from './write-gate.js';

export interface BackgroundWorkerData {
  file: string;
  /** ./write-gate.ts memory shared with the store's thread. */
  gate: SharedArrayBuffer;
  /** Wait after a kick, so the bodies of a burst share a batch. */
  indexDelayMs: number;
  /** Text per index batch (ends earlier when the store's thread waits to write). */
  maxChars: number;
  /** Pause between two index batches. */
  pauseMs: number;
  /** After a failed step (e.g. SQLITE_BUSY from another process), retry after this. */
  retryMs: number;
  checkpointMs: number;
}

export type ToBackgroundWorker = { op: 'kick' } | { op: 'gc'; id: number } | { op: 'stop' };
export type FromBackgroundWorker =
  | { op: 'error'; message: string }
  | { op: 'gc-done'; id: number; removed: number }
  | { op: 'gc-failed'; id: number; message: string };

const port = parentPort;
if (port) {
  const o = workerData as BackgroundWorkerData;
  const s = openDb(o.file, openWriteGate(o.gate, 'background'));
  // Index batches and checkpoints touch few pages: a quarter of the server connection's
  // page cache (each connection keeps its own).
  s.db.pragma('cache_size = -8000');
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const report = (e: unknown) =>
    port.postMessage({ op: 'error', message: message(e) } satisfies FromBackgroundWorker);
  const collect = (id: number) =>
    dropUnreferencedBlobRows(s, () => stopped).then(
      (removed) => port.postMessage({ op: 'gc-done', id, removed } satisfies FromBackgroundWorker),
      (e: unknown) =>
        port.postMessage({ op: 'gc-failed', id, message: message(e) } satisfies FromBackgroundWorker),
    );

  const schedule = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(index, ms);
  };
  const index = () => {
    timer = null;
    if (stopped) return;
    try {
      if (indexPendingText(s, o.maxChars).more) schedule(o.pauseMs);
    } catch (e) {
      report(e);
      schedule(o.retryMs);
    }
  };
  const checkpoints = setInterval(() => {
    try {
      s.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      report(e);
    }
  }, o.checkpointMs);

  port.on('message', (m: ToBackgroundWorker) => {
    if (m.op === 'kick') return schedule(o.indexDelayMs);
    if (m.op === 'gc') return void collect(m.id);
    stopped = true;
    if (timer) clearTimeout(timer);
    clearInterval(checkpoints);
    s.close();
    port.close();
  });
}
