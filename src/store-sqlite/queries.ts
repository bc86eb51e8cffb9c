// Reads: message pages, change-log answers, search, sort, threads, POP records.
// Nothing returns a whole mailbox; search walks it in windows and yields
// between them so the event loop stays responsive on 1,000,000-message mailboxes.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { MAX_UID, normalizeRanges } from '../core/uid-ranges.js';
import type { MailStore, ThreadFields, UidRange } from '../store/types.js';
import type { SqliteDb } from './db.js';
import {
  type BlobRow,
  MESSAGE_COLUMNS,
  type MessageRow,
  type MessageRowArray,
  toBlobMeta,
  toMessage,
  toMessageFromArray,
} from './rows.js';
import { compileSearch, compileSort } from './search-sql.js';

type QueryOps = Pick<
  MailStore,
  | 'messages'
  | 'changedSince'
  | 'expungedSince'
  | 'getMessageByEmailId'
  | 'blobMeta'
  | 'keywords'
  | 'search'
  | 'sort'
  | 'threadFields'
  | 'findThread'
>;

/** Rows scanned per search window (a few milliseconds of work for most keys)... */
const WINDOW = 5000;
/** ...fewer when a window takes longer than this (FROM/HEADER call a function per row:
 *  5,000 rows were 70-120 ms of blocked event loop on the loaded bench machine). */
const WINDOW_MS = 15;
const MIN_WINDOW = 200;
/** The first window: small, grown while windows stay quick. */
const FIRST_WINDOW = 1000;

/** Ranges of `within` closer than this many UIDs are scanned as one span. */
const SPAN_GAP = WINDOW;

/** Most UIDs a restricted search tests one by one against the trigram index (~1 ms each). */
const FTS_ROWWISE_MAX = 16;

function uidCount(within: readonly UidRange[]): number {
  let n = 0;
  for (const r of normalizeRanges(within)) n += r.end - r.start + 1;
  return n;
}

/** The UID spans a restricted search scans: `within` merged, small gaps bridged. */
export function scanSpans(within: readonly UidRange[]): UidRange[] {
  const out: UidRange[] = [];
  for (const r of normalizeRanges(within)) {
    const last = out[out.length - 1];
    if (last && r.start - last.end <= SPAN_GAP) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

/** Membership in `within` (binary search over its merged ranges). */
export function uidFilter(within: readonly UidRange[]): (uid: number) => boolean {
  const rs = normalizeRanges(within);
  return (uid) => {
    let lo = 0;
    let hi = rs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = rs[mid]!;
      if (uid < r.start) hi = mid - 1;
      else if (uid > r.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

const FROM = 'FROM messages m JOIN blobs b ON b.rid = m.blob_rid';
const FROM_M = 'FROM messages m';

export function createQueryOps(s: SqliteDb, now: () => number): QueryOps {
  const readTx = <T>(fn: () => T): T => s.read(() => s.db.transaction(fn).deferred());

  const pagedByRanges = (
    sql: string,
    mailboxId: number,
    ranges: Parameters<MailStore['messages']>[1],
    limit: number,
    extra: unknown[],
  ) => {
    const st = s.rawStmt(sql);
    const out: MessageRowArray[] = [];
    // SQLite reads LIMIT -1 as "no limit": a bad limit must not load a whole mailbox.
    if (!(limit > 0)) return [];
    readTx(() => {
      for (const r of normalizeRanges(ranges)) {
        if (out.length >= limit) break;
        out.push(...(st.all(mailboxId, ...extra, r.start, r.end, limit - out.length) as MessageRowArray[]));
      }
    });
    return out.map(toMessageFromArray);
  };

  return {
    async messages(mailboxId, ranges, limit) {
      return pagedByRanges(
        `SELECT ${MESSAGE_COLUMNS} ${FROM_M} WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid LIMIT ?`,
        mailboxId,
        ranges,
        limit,
        [],
      );
    },
    async changedSince(mailboxId, since, ranges, limit) {
      // '+m.uid' keeps the planner on the (mailbox_id, modseq) index: few rows change.
      return pagedByRanges(
        `SELECT ${MESSAGE_COLUMNS} ${FROM_M} WHERE m.mailbox_id = ? AND m.modseq > ? AND +m.uid BETWEEN ? AND ? ORDER BY m.uid LIMIT ?`,
        mailboxId,
        ranges,
        limit,
        [since],
      );
    },
    async expungedSince(mailboxId, since) {
      return s.read(
        () =>
          s
            .stmt('SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid')
            .pluck()
            .all(mailboxId, since) as number[],
      );
    },
    async getMessageByEmailId(userId, emailId) {
      const r = s.read(
        () =>
          s
            .stmt(`SELECT ${MESSAGE_COLUMNS} ${FROM_M} WHERE m.user_id = ? AND m.email_id = ?`)
            .get(userId, emailId) as MessageRow | undefined,
      );
      return r ? toMessage(r) : null;
    },
    async blobMeta(blobId) {
      const r = s.read(() => s.stmt('SELECT * FROM blobs WHERE id = ?').get(blobId) as BlobRow | undefined);
      return r ? toBlobMeta(r) : null;
    },
    async keywords(mailboxId) {
      return s.read(
        () =>
          s
            .stmt('SELECT keyword FROM mailbox_keywords WHERE mailbox_id = ? ORDER BY keyword')
            .pluck()
            .all(mailboxId) as string[],
      );
    },

    async search(mailboxId, key, within) {
      const c = compileSearch(key, now(), within !== undefined && uidCount(within) <= FTS_ROWWISE_MAX);
      const from = c.needsBlob ? FROM : 'FROM messages m';
      const spans = within ? scanSpans(within) : [{ start: 1, end: MAX_UID }];
      const keep = within ? uidFilter(within) : () => true;
      if (spans.length === 0) return [];
      if (c.usesFts) {
        // The FTS subquery is best evaluated once: one statement over the UIDs asked.
        const st = s.db.prepare(
          `SELECT m.uid ${from} WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? AND (${c.where}) ORDER BY m.uid`,
        );
        const lo = spans[0]!.start;
        const hi = spans[spans.length - 1]!.end;
        return s.read(() => st.pluck().all(mailboxId, lo, hi, ...c.params) as number[]).filter(keep);
      }
      const st = s.db.prepare(
        `SELECT m.uid ${from} WHERE m.mailbox_id = ? AND m.uid >= ? AND m.uid < ? AND (${c.where}) ORDER BY m.uid`,
      );
      const edge = s.stmt(
        'SELECT uid FROM messages WHERE mailbox_id = ? AND uid >= ? ORDER BY uid LIMIT 1 OFFSET ?',
      );
      const out: number[] = [];
      // Windows of at most WINDOW messages, only over the spans asked (a live search
      // re-evaluating a few changed messages reads those, not the mailbox), yielding
      // between windows; windows grow while quick and shrink when one took over WINDOW_MS.
      let size = FIRST_WINDOW;
      for (const span of spans) {
        let lo = span.start;
        while (lo <= span.end) {
          const t0 = performance.now();
          const hi = s.read(() => edge.pluck().get(mailboxId, lo, size) as number | undefined);
          const end = Math.min(hi ?? MAX_UID + 1, span.end + 1);
          for (const uid of s.read(() => st.pluck().all(mailboxId, lo, end, ...c.params) as number[]))
            if (keep(uid)) out.push(uid);
          const ms = performance.now() - t0;
          if (ms > WINDOW_MS) size = Math.max(MIN_WINDOW, Math.floor((size * WINDOW_MS) / ms));
          else if (ms < WINDOW_MS / 4) size = Math.min(WINDOW, size * 2);
          lo = end;
          await yieldLoop();
        }
      }
      return out;
    },
    async sort(mailboxId, criteria, key) {
      const c = compileSearch(key, now());
      const o = compileSort(criteria);
      const from = c.needsBlob || o.needsBlob ? FROM : 'FROM messages m';
      const st = s.db.prepare(
        `SELECT m.uid ${from} WHERE m.mailbox_id = ? AND (${c.where}) ORDER BY ${o.orderBy}`,
      );
      return s.read(() => st.pluck().all(mailboxId, ...c.params) as number[]);
    },
    async threadFields(mailboxId, ranges, limit) {
      if (!(limit > 0)) return [];
      // Raw rows of the few columns THREAD reads: no header or body text is loaded.
      const st = s
        .stmt(
          `SELECT m.uid, b.message_id, b.in_reply_to, b.refs, b.subject, COALESCE(b.sent_date, m.internal_date)
           ${FROM} WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid LIMIT ?`,
        )
        .raw();
      const out: ThreadFields[] = [];
      readTx(() => {
        for (const r of normalizeRanges(ranges)) {
          if (out.length >= limit) break;
          for (const row of st.all(mailboxId, r.start, r.end, limit - out.length) as [
            number,
            string | null,
            string | null,
            string,
            string,
            number,
          ][])
            out.push({
              uid: row[0],
              messageId: row[1],
              inReplyTo: row[2],
              references: JSON.parse(row[3]) as string[],
              subject: row[4],
              date: new Date(row[5]),
            });
        }
      });
      return out;
    },
    async findThread(userId, messageIds) {
      if (messageIds.length === 0) return null;
      const r = s.read(
        () =>
          s
            .stmt(
              // CROSS JOIN fixes the join order: start from the few blobs with these
              // Message-IDs (blobs_message_id), then their messages (messages_blob).
              // Left to itself the planner scanned every message of the user.
              `SELECT m.thread_id FROM blobs b CROSS JOIN messages m ON m.blob_rid = b.rid
               WHERE b.message_id IN (SELECT value FROM json_each(?)) AND m.user_id = ? ORDER BY m.id LIMIT 1`,
            )
            .pluck()
            .get(JSON.stringify(messageIds), userId) as string | undefined,
      );
      return r ?? null;
    },
  };
}
