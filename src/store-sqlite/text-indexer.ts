// The trigram index (blob_text) is fed after the append that stored a body has committed,
// in batches. Indexing inside the append transaction cost 2-5 ms of blocked event loop and
// ~15 written pages per message (a new FTS5 segment each time, and merges of them); a batch
// writes one segment for many bodies. A body not indexed yet is found by scanning its
// text (search-sql.ts), so SEARCH answers the same before and after.
//
// Invariants:
// - A batch is one BEGIN IMMEDIATE transaction: two processes on one data dir never index
//   the same body twice (the second sees the first's rows already marked). It commits
//   without an fsync: lost on power failure, its bodies are simply still pending.
// - A batch stops after about `maxChars` characters of text (at least one body): the write
//   lock is held for a bounded time (tokenising is ~20 ms per 100 KB of prose).
// - Batches run on the store's background thread (./background.ts), never on the event
//   loop, except indexAllPendingText(), which tools and benchmarks call.

import { ftsTexts, TEXT_STATE } from './blob-rows.js';
import type { SqliteDb } from './db.js';

/** Bodies looked at per batch (the character budget usually ends it first). */
const BATCH_ROWS = 64;

/** Indexes pending bodies, oldest first, in one transaction. */
export function indexPendingText(s: SqliteDb, maxChars: number): { indexed: number; more: boolean } {
  return s.txUnsynced(() => {
    const rows = s
      .stmt(
        `SELECT rid, header_text, body_text FROM blobs WHERE text_truncated = ${TEXT_STATE.PENDING} ORDER BY rid LIMIT ?`,
      )
      .all(BATCH_ROWS) as { rid: number; header_text: string; body_text: string }[];
    const insert = s.stmt('INSERT INTO blob_text (rowid, header_text, body_text) VALUES (?, ?, ?)');
    const mark = s.stmt('UPDATE blobs SET text_truncated = ? WHERE rid = ?');
    let chars = 0;
    let indexed = 0;
    for (const r of rows) {
      if (indexed > 0 && (chars >= maxChars || s.writerWaiting())) break;
      const fts = ftsTexts(r.header_text, r.body_text);
      insert.run(r.rid, fts.header, fts.body);
      mark.run(fts.truncated ? TEXT_STATE.HEAD : TEXT_STATE.WHOLE, r.rid);
      chars += fts.header.length + fts.body.length;
      indexed++;
    }
    return { indexed, more: indexed < rows.length || rows.length === BATCH_ROWS };
  });
}

/** Indexes everything pending now, on this thread; returns how many bodies. */
export function indexAllPendingText(s: SqliteDb, maxChars = 16 * 1024): number {
  let n = 0;
  for (;;) {
    const r = indexPendingText(s, maxChars);
    n += r.indexed;
    if (!r.more) return n;
  }
}

/** True when some body waits for the indexer (an earlier run stopped before it). */
export function hasPendingText(s: SqliteDb): boolean {
  return (
    s.stmt(`SELECT 1 FROM blobs WHERE text_truncated = ${TEXT_STATE.PENDING} LIMIT 1`).get() !== undefined
  );
}
