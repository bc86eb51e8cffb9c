// Blob rows: the metadata of one stored body, inserted once and shared by every message
// that uses it. Its entry in the trigram index is added later (./text-indexer.ts).
import { setImmediate } from 'node:timers/promises';
import { baseSubject } from '../mime/index.js';
import type { BlobMeta } from '../store/types.js';
import type { InlineBodies } from './blobs.js';
import type { SqliteDb } from './db.js';
import { FTS_MAX_CHARS } from './search-sql.js';

/** blobs.text_truncated: how much of a body's text the trigram index holds. A search
 *  scans the text of every body not WHOLE in the index (./search-sql.ts). */
export const TEXT_STATE = {
  /** Header and body text indexed whole. */
  WHOLE: 0,
  /** The first FTS_MAX_CHARS of each indexed; the rest is scanned. */
  HEAD: 1,
  /** Not indexed yet (the indexer's queue): scanned whole. */
  PENDING: 2,
} as const;

/** What goes into the trigram index (the same values must be given to delete it). */
export function ftsTexts(header: string, body: string): { header: string; body: string; truncated: boolean } {
  return {
    header: header.slice(0, FTS_MAX_CHARS),
    body: body.slice(0, FTS_MAX_CHARS),
    truncated: header.length > FTS_MAX_CHARS || body.length > FTS_MAX_CHARS,
  };
}

/**
 * The row id of the blob, inserting its row when it is new, with `body` when given (the
 * caller's transaction makes both durable; a blob already stored keeps its body).
 */
export function blobRowId(s: SqliteDb, meta: BlobMeta, body?: Buffer): number {
  const found = s.stmt('SELECT rid FROM blobs WHERE id = ?').get(meta.id) as { rid: number } | undefined;
  if (found) return found.rid;
  const rid = insertBlobRow(s, meta, body !== undefined);
  if (body !== undefined) s.stmt('INSERT INTO blob_bodies (rid, body) VALUES (?, ?)').run(rid, body);
  return rid;
}

function insertBlobRow(s: SqliteDb, meta: BlobMeta, inline: boolean): number {
  const r = s
    .stmt(
      `INSERT INTO blobs (id, size, structure, subject, base_subject, from_addr, to_addr, cc_addr, from_display,
       to_display, sent_date, message_id, in_reply_to, refs, header_text, body_text, preview, has_attachment,
       from_text, to_text, cc_text, bcc_text, sent_offset, body_inline, text_truncated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${TEXT_STATE.PENDING})`,
    )
    .run(
      meta.id,
      meta.size,
      meta.structure,
      meta.subject,
      baseSubject(meta.subject),
      meta.from,
      meta.to,
      meta.cc,
      meta.fromDisplay,
      meta.toDisplay,
      meta.sentDate ? meta.sentDate.getTime() : null,
      meta.messageId,
      meta.inReplyTo,
      JSON.stringify(meta.references),
      meta.headerText,
      meta.bodyText,
      meta.preview,
      meta.hasAttachment ? 1 : 0,
      meta.fromText,
      meta.toText,
      meta.ccText,
      meta.bccText,
      meta.sentOffset,
      inline ? 1 : 0,
    );
  return Number(r.lastInsertRowid);
}

/**
 * Bodies up to this size are kept in the database (blob_bodies). An APPEND then pays one
 * fsync (the commit) instead of two rounds (the file and its directory, then the commit).
 * Reading one back costs about what a small file's open, read and close did (12-20 us,
 * docs/benchmarks.md, session 6). Bigger bodies are files: written once, where WAL would
 * write them twice, and read in large chunks.
 */
export const INLINE_BODY_MAX = 64 * 1024;

/** InlineBodies over blob_bodies (migration 14). */
export function inlineBodies(s: SqliteDb, max: number): InlineBodies {
  const sql = 'SELECT bb.body FROM blobs b JOIN blob_bodies bb ON bb.rid = b.rid WHERE b.id = ?';
  return {
    max,
    read(id, start, end) {
      // The whole body and a view of the range: substr() in SQL copies the body once more
      // (measured: twice as slow over 2,000 bodies), and a body here is at most `max` bytes.
      const st = s.stmt(sql).pluck();
      const body = s.read(() => st.get(id)) as Buffer | undefined;
      if (body === undefined) return null;
      return start === 0 && (end === undefined || end >= body.length) ? body : body.subarray(start, end);
    },
    has(id) {
      const st = s.stmt('SELECT 1 FROM blobs b JOIN blob_bodies bb ON bb.rid = b.rid WHERE b.id = ?').pluck();
      return s.read(() => st.get(id)) !== undefined;
    },
  };
}

/** Which of `ids` are in use: named by a blob row (messages) or a queued outbound message. */
export function referencedBlobIds(s: SqliteDb, ids: string[]): Set<string> {
  const st = s
    .stmt(
      `SELECT value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM blobs b WHERE b.id = j.value)
       OR EXISTS (SELECT 1 FROM queue_messages q WHERE q.blob_id = j.value)`,
    )
    .pluck();
  return new Set(s.read(() => st.all(JSON.stringify(ids)) as string[]));
}

/** Blob rows looked at per transaction of dropUnreferencedBlobRows. */
const GC_WINDOW = 4096;
/** Text whose index entry one transaction may delete (tokenised again: ~13 ms). */
const GC_MAX_CHARS = 64 * 1024;
/** Above every blob id (lowercase hex) in SQLite's binary collation. */
const AFTER_ALL_IDS = '~';

/**
 * The blob id `n` rows after `after` in id order, the end of a window of blob rows walked
 * through the id index alone (it holds the rid too): the blobs table itself is wide (MIME
 * structure, header and body text, ~one row per 4 KiB page), so walking it by rid read
 * 300 MB on 100,000 bodies, all of it from disk once the page cache had dropped it. null:
 * fewer than `n` rows are left (the window runs to the end).
 */
export function blobIdWindowEnd(s: SqliteDb, after: string, n: number): string | null {
  const st = s.stmt('SELECT id FROM blobs WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?').pluck();
  return (s.read(() => st.get(after, n - 1)) as string | undefined) ?? null;
}

/** Windows of blob ids, [after, upper], GC_WINDOW rows each, in id order. */
export function* blobIdWindows(s: SqliteDb, window = GC_WINDOW): Generator<{ after: string; upper: string }> {
  let after = '';
  for (;;) {
    const end = blobIdWindowEnd(s, after, window);
    yield { after, upper: end ?? AFTER_ALL_IDS };
    if (end === null) return;
    after = end;
  }
}

/**
 * Deletes blob rows (with their index entries and inline bodies) that no message and no
 * queued outbound message uses any more; returns how many.
 * In short transactions over windows of the id index, with the event loop given back
 * between them: one transaction over the whole table scanned 100,000 rows (80-900 ms)
 * and, after a big mailbox was deleted, tokenised the text of thousands of bodies again
 * (seconds). The store runs it on its background thread (./background-worker.ts), where
 * a transaction also ends early when the server's thread waits to write.
 */
export async function dropUnreferencedBlobRows(
  s: SqliteDb,
  stopped: () => boolean = () => false,
): Promise<number> {
  let total = 0;
  for (const w of blobIdWindows(s)) {
    if (stopped()) break;
    let after = w.after;
    // A window whose orphans hold more text than one transaction may delete takes several.
    while (after < w.upper) {
      const r = s.tx(() => {
        const orphans = s
          .stmt(
            `SELECT rid, id FROM blobs b WHERE id > ? AND id <= ?
             AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob_rid = b.rid)
             AND NOT EXISTS (SELECT 1 FROM queue_messages q WHERE q.blob_id = b.id) ORDER BY id`,
          )
          .all(after, w.upper) as { rid: number; id: string }[];
        const text = s.stmt('SELECT header_text, body_text, text_truncated FROM blobs WHERE rid = ?');
        const ftsDel = s.stmt(
          "INSERT INTO blob_text (blob_text, rowid, header_text, body_text) VALUES ('delete', ?, ?, ?)",
        );
        const del = s.stmt('DELETE FROM blobs WHERE rid = ?');
        const delBody = s.stmt('DELETE FROM blob_bodies WHERE rid = ?');
        let chars = 0;
        let n = 0;
        let last = after;
        for (const o of orphans) {
          // The rest in the next transaction; at once when the server's thread waits to write.
          if (n > 0 && (chars >= GC_MAX_CHARS || s.writerWaiting())) return { n, next: last };
          const t = text.get(o.rid) as { header_text: string; body_text: string; text_truncated: number };
          // An external-content FTS5 row is deleted by repeating exactly what was indexed;
          // "deleting" one that was never indexed would corrupt the index.
          if (t.text_truncated !== TEXT_STATE.PENDING) {
            const fts = ftsTexts(t.header_text, t.body_text);
            ftsDel.run(o.rid, fts.header, fts.body);
            chars += fts.header.length + fts.body.length;
          }
          del.run(o.rid);
          delBody.run(o.rid);
          n++;
          last = o.id;
        }
        return { n, next: w.upper };
      });
      total += r.n;
      after = r.next;
      await setImmediate();
      if (stopped()) break;
    }
  }
  return total;
}
