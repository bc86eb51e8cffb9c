// Blob rows: the metadata of one stored body, inserted once and shared by every message
// that uses it. Its entry in the trigram index is added later (./text-indexer.ts).
import { setImmediate } from 'node:timers/promises';
import { baseSubject } from '../mime/index.js';
import type { BlobMeta } from '../store/types.js';
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

/** The row id of the blob, inserting its row (and index entry) when it is new. */
export function blobRowId(s: SqliteDb, meta: BlobMeta): number {
  const found = s.stmt('SELECT rid FROM blobs WHERE id = ?').get(meta.id) as { rid: number } | undefined;
  if (found) return found.rid;
  const r = s
    .stmt(
      `INSERT INTO blobs (id, size, structure, subject, base_subject, from_addr, to_addr, cc_addr, from_display,
       to_display, sent_date, message_id, in_reply_to, refs, header_text, body_text, preview, has_attachment,
       from_text, to_text, cc_text, bcc_text, sent_offset, text_truncated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${TEXT_STATE.PENDING})`,
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
    );
  return Number(r.lastInsertRowid);
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

/** Blob rows looked at per transaction of dropUnreferencedBlobRows (by rid). */
const GC_RID_WINDOW = 4096;
/** Text whose index entry one transaction may delete (tokenised again: ~13 ms). */
const GC_MAX_CHARS = 64 * 1024;

/**
 * Deletes blob rows (and their index entries) no message uses any more; returns how many.
 * In short transactions over windows of rids, with the event loop given back between
 * them: one transaction over the whole table scanned 100,000 rows (80-900 ms) and, after
 * a big mailbox was deleted, tokenised the text of thousands of bodies again (seconds).
 */
export async function dropUnreferencedBlobRows(s: SqliteDb): Promise<number> {
  const maxRid = (s.read(() => s.stmt('SELECT max(rid) FROM blobs').pluck().get()) as number | null) ?? 0;
  let after = 0;
  let total = 0;
  while (after < maxRid) {
    const r = s.tx(() => {
      const end = after + GC_RID_WINDOW;
      const orphans = s
        .stmt(
          `SELECT rid, header_text, body_text, text_truncated FROM blobs b WHERE rid > ? AND rid <= ?
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob_rid = b.rid) ORDER BY rid`,
        )
        .all(after, end) as { rid: number; header_text: string; body_text: string; text_truncated: number }[];
      const ftsDel = s.stmt(
        "INSERT INTO blob_text (blob_text, rowid, header_text, body_text) VALUES ('delete', ?, ?, ?)",
      );
      const del = s.stmt('DELETE FROM blobs WHERE rid = ?');
      let chars = 0;
      let n = 0;
      for (const o of orphans) {
        // The rest of the window in the next transaction.
        if (chars >= GC_MAX_CHARS) return { n, next: o.rid - 1 };
        // An external-content FTS5 row is deleted by repeating exactly what was indexed;
        // "deleting" one that was never indexed would corrupt the index.
        if (o.text_truncated !== TEXT_STATE.PENDING) {
          const fts = ftsTexts(o.header_text, o.body_text);
          ftsDel.run(o.rid, fts.header, fts.body);
          chars += fts.header.length + fts.body.length;
        }
        del.run(o.rid);
        n++;
      }
      return { n, next: end };
    });
    total += r.n;
    after = r.next;
    await setImmediate();
  }
  return total;
}
