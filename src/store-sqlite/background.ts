// The store's background thread, seen from the store (./background-worker.ts runs in
// it): started at the first write of this store instance, so a store only read (tools,
// many tests) never starts one; stopped by close().
//
// Invariants:
// - While it runs, this connection's automatic checkpoint is a safety net only
//   (SAFETY_CHECKPOINT_PAGES): the thread checkpoints every CHECKPOINT_MS.
// - If the thread dies, the next write starts another.

import { Worker } from 'node:worker_threads';
import type { BackgroundWorkerData, FromBackgroundWorker, ToBackgroundWorker } from './background-worker.js';
import type { SqliteDb } from './db.js';
import { releaseIfBackgroundHeld } from './write-gate.js';

export interface Background {
  /** Something was written: the thread runs (checkpoints). */
  wrote(): void;
  /** A body was stored: index it soon. */
  indexSoon(): void;
  /** Deletes the blob rows no message uses, on the thread; how many. */
  dropUnreferencedRows(): Promise<number>;
  /** No background step runs after this resolves. */
  stop(): Promise<void>;
}

export interface BackgroundOptions {
  indexDelayMs?: number;
  onError?: (e: unknown) => void;
}

const CHECKPOINT_MS = 200;
/** What SQLite's own default is (1,000 pages) times ten: used only if the thread lags. */
const SAFETY_CHECKPOINT_PAGES = 10_000;
/** Text per index batch: ~13 ms of tokenising at most, cut short when the store's thread
 *  waits to write. Fewer, larger batches mean fewer FTS5 segments to merge and fewer
 *  commits, each of which empties the other connection's page cache. */
const MAX_CHARS = 64 * 1024;

export function createBackground(
  s: SqliteDb,
  file: string,
  gate: SharedArrayBuffer,
  o: BackgroundOptions = {},
): Background {
  const data: BackgroundWorkerData = {
    file,
    gate,
    indexDelayMs: o.indexDelayMs ?? 1000,
    maxChars: MAX_CHARS,
    pauseMs: 2,
    retryMs: 1000,
    checkpointMs: CHECKPOINT_MS,
  };
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stopped = false;
  let nextGc = 0;
  const gcs = new Map<number, { resolve(n: number): void; reject(e: Error): void }>();
  const onMessage = (m: FromBackgroundWorker) => {
    if (m.op === 'error') return o.onError?.(new Error(`store background: ${m.message}`));
    const waiting = gcs.get(m.id);
    gcs.delete(m.id);
    if (gcs.size === 0 && !stopped) worker?.unref();
    if (m.op === 'gc-done') waiting?.resolve(m.removed);
    else waiting?.reject(new Error(`store background: ${m.message}`));
  };

  const started = (): Worker | null => {
    if (stopped) return null;
    if (worker) return worker;
    const w = new Worker(new URL('./background-worker.js', import.meta.url), { workerData: data });
    // An open store must not keep alive a process that has nothing else to do.
    w.unref();
    w.on('message', onMessage);
    w.on('error', (e) => o.onError?.(e));
    exited = new Promise((resolve) =>
      w.once('exit', () => {
        // Killed inside a transaction (out of memory), it never released the gate.
        releaseIfBackgroundHeld(gate);
        for (const g of gcs.values()) g.reject(new Error('store background thread exited'));
        gcs.clear();
        if (worker === w) {
          worker = null;
          s.db.pragma('wal_autocheckpoint = 1000');
        }
        resolve();
      }),
    );
    s.db.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
    worker = w;
    return w;
  };

  return {
    wrote: () => {
      started();
    },
    indexSoon: () => started()?.postMessage({ op: 'kick' } satisfies ToBackgroundWorker),
    dropUnreferencedRows() {
      const w = started();
      if (!w) return Promise.reject(new Error('store closed'));
      const id = ++nextGc;
      // Someone waits for the answer: the thread keeps the process alive until it comes.
      w.ref();
      return new Promise((resolve, reject) => {
        gcs.set(id, { resolve, reject });
        w.postMessage({ op: 'gc', id } satisfies ToBackgroundWorker);
      });
    },
    async stop() {
      stopped = true;
      const w = worker;
      if (!w) return;
      // Held until it has closed its connection (unref'd, the process could end first).
      w.ref();
      w.postMessage({ op: 'stop' } satisfies ToBackgroundWorker);
      await exited;
    },
  };
}
