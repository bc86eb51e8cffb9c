// Message mutations: append, copy, move, flags, expunge. Each runs in one transaction that
// also keeps the mailbox counters, the user's usage and MODSEQ, and publishes after commit.
import { randomBytes } from 'node:crypto';
import { MailError } from '../core/errors.js';
import { MAX_UID, normalizeRanges } from '../core/uid-ranges.js';
import type {
  AppendResult,
  CopyResult,
  FlagChangeResult,
  MailStore,
  UidRange,
  UserId,
} from '../store/types.js';
import { blobRowId } from './blob-rows.js';
import type { ChangeLog } from './change-journal.js';
import type { SqliteDb } from './db.js';
import { applyFlagOp, DELETED, flagsOf, SEEN, splitFlags } from './flags.js';
import { nextModseq } from './shared.js';

type MessageOps = Pick<MailStore, 'append' | 'copy' | 'move' | 'setFlags' | 'expunge' | 'remove'>;

interface BoxRow {
  id: number;
  uid_next: number;
  uid_validity: number;
}
interface SrcRow {
  id: number;
  uid: number;
  modseq: number;
  thread_id: string;
  email_id: string;
  blob_rid: number;
  blob_id: string;
  size: number;
  sflags: number;
  keywords: string;
  internal_date: number;
}

export const newId = (prefix: string) => prefix + randomBytes(9).toString('base64url');

const unseenOf = (bits: number) => (bits & SEEN ? 0 : 1);
const deletedOf = (bits: number) => (bits & DELETED ? 1 : 0);

export function createMessageOps(s: SqliteDb, log: ChangeLog, now: () => number): MessageOps {
  const box = (userId: UserId, mailboxId: number): BoxRow => {
    const r = s
      .stmt('SELECT id, uid_next, uid_validity FROM mailboxes WHERE id = ? AND user_id = ?')
      .get(mailboxId, userId) as BoxRow | undefined;
    if (!r) throw new MailError('NotFound', 'no such mailbox');
    return r;
  };

  const checkQuota = (userId: UserId, addBytes: number, addMessages: number) => {
    const u = s
      .stmt('SELECT quota_bytes, quota_messages, used_bytes, used_messages FROM users WHERE id = ?')
      .get(userId) as
      | {
          quota_bytes: number | null;
          quota_messages: number | null;
          used_bytes: number;
          used_messages: number;
        }
      | undefined;
    if (!u) throw new MailError('NotFound', 'no such user');
    if (u.quota_bytes !== null && u.used_bytes + addBytes > u.quota_bytes)
      throw new MailError('OverQuota', 'storage quota exceeded');
    if (u.quota_messages !== null && u.used_messages + addMessages > u.quota_messages)
      throw new MailError('OverQuota', 'message count quota exceeded');
  };

  const bumpCounters = (
    userId: UserId,
    mailboxId: number,
    d: { messages: number; unseen: number; deleted: number; size: number },
    modseq: number,
    uidNext?: number,
  ) => {
    s.stmt(
      `UPDATE mailboxes SET messages = messages + ?, unseen = unseen + ?, deleted = deleted + ?, size = size + ?,
       highest_modseq = max(highest_modseq, ?), uid_next = max(uid_next, ?) WHERE id = ?`,
    ).run(d.messages, d.unseen, d.deleted, d.size, modseq, uidNext ?? 0, mailboxId);
    if (d.messages !== 0 || d.size !== 0)
      s.stmt(
        'UPDATE users SET used_bytes = used_bytes + ?, used_messages = used_messages + ? WHERE id = ?',
      ).run(d.size, d.messages, userId);
  };

  const addKeywords = (mailboxId: number, keywords: string[]) => {
    const st = s.stmt('INSERT OR IGNORE INTO mailbox_keywords (mailbox_id, keyword) VALUES (?, ?)');
    for (const k of keywords) st.run(mailboxId, k);
  };

  const INSERT_SQL = `INSERT INTO messages (user_id, mailbox_id, uid, modseq, email_id, thread_id, blob_rid, blob_id,
    size, sflags, keywords, internal_date, save_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

  /** Source rows in ranges, ascending UID, optionally only \Deleted ones. */
  const rowsIn = (mailboxId: number, ranges: UidRange[], onlyDeleted = false): SrcRow[] => {
    const st = s.stmt(
      `SELECT id, uid, modseq, thread_id, email_id, blob_rid, blob_id, size, sflags, keywords, internal_date FROM messages
       WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ${onlyDeleted ? `AND (sflags & ${DELETED}) != 0` : ''} ORDER BY uid`,
    );
    const out: SrcRow[] = [];
    for (const r of normalizeRanges(ranges)) out.push(...(st.all(mailboxId, r.start, r.end) as SrcRow[]));
    return out;
  };

  const takeUids = (b: BoxRow, n: number): number => {
    if (b.uid_next + n - 1 > MAX_UID) throw new MailError('Limit', 'mailbox UID space exhausted');
    const first = b.uid_next;
    b.uid_next += n;
    return first;
  };

  /** Deletes rows, leaves tombstones, fixes counters. */
  const deleteRows = (userId: UserId, mailboxId: number, rows: SrcRow[]) => {
    if (rows.length === 0) return { uids: [] as number[], modseq: 0 };
    const modseq = nextModseq(s, userId);
    const del = s.stmt('DELETE FROM messages WHERE id = ?');
    const tomb = s.stmt('INSERT OR REPLACE INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)');
    const d = { messages: 0, unseen: 0, deleted: 0, size: 0 };
    for (const r of rows) {
      del.run(r.id);
      tomb.run(mailboxId, r.uid, modseq);
      d.messages--;
      d.unseen -= unseenOf(r.sflags);
      d.deleted -= deletedOf(r.sflags);
      d.size -= r.size;
    }
    bumpCounters(userId, mailboxId, d, modseq);
    return { uids: rows.map((r) => r.uid), modseq };
  };

  const expungeLike = (
    userId: UserId,
    mailboxId: number,
    ranges: UidRange[] | undefined,
    onlyDeleted: boolean,
  ) => {
    return log.tx((emit) => {
      box(userId, mailboxId);
      const r = deleteRows(
        userId,
        mailboxId,
        rowsIn(mailboxId, ranges ?? [{ start: 1, end: MAX_UID }], onlyDeleted),
      );
      if (r.uids.length) emit({ type: 'expunge', userId, mailboxId, uids: r.uids, modseq: r.modseq });
      return r;
    });
  };

  return {
    async append(userId, mailboxId, messages): Promise<AppendResult[]> {
      if (messages.length === 0) return [];
      return log.tx((emit) => {
        const b = box(userId, mailboxId);
        const validity = b.uid_validity;
        checkQuota(
          userId,
          messages.reduce((n, m) => n + m.blob.size, 0),
          messages.length,
        );
        const modseq = nextModseq(s, userId);
        const at = now();
        const d = { messages: 0, unseen: 0, deleted: 0, size: 0 };
        const out: AppendResult[] = [];
        let uid = takeUids(b, messages.length);
        for (const m of messages) {
          const rid = blobRowId(s, m.blob, m.body);
          const f = splitFlags(m.flags);
          const emailId = newId('M');
          const r = s
            .stmt(INSERT_SQL)
            .run(
              userId,
              mailboxId,
              uid,
              modseq,
              emailId,
              m.threadId ?? newId('T'),
              rid,
              m.blob.id,
              m.blob.size,
              f.bits,
              f.keywords.join(' '),
              m.internalDate.getTime(),
              at,
            );
          addKeywords(mailboxId, f.keywords);
          d.messages++;
          d.unseen += unseenOf(f.bits);
          d.deleted += deletedOf(f.bits);
          d.size += m.blob.size;
          out.push({ uidValidity: validity, uid, modseq, id: Number(r.lastInsertRowid), emailId });
          emit({ type: 'append', userId, mailboxId, uid, modseq });
          uid++;
        }
        bumpCounters(userId, mailboxId, d, modseq, b.uid_next);
        return out;
      });
    },

    async copy(userId, from, uids, to): Promise<CopyResult> {
      return log.tx((emit) => {
        box(userId, from);
        const dst = box(userId, to);
        const validity = dst.uid_validity;
        const rows = rowsIn(from, uids);
        if (rows.length === 0) return { uidValidity: validity, srcUids: [], dstUids: [], modseq: 0 };
        checkQuota(
          userId,
          rows.reduce((n, r) => n + r.size, 0),
          rows.length,
        );
        const modseq = nextModseq(s, userId);
        const at = now();
        let uid = takeUids(dst, rows.length);
        const d = { messages: 0, unseen: 0, deleted: 0, size: 0 };
        const dstUids: number[] = [];
        const kw = new Set<string>();
        for (const r of rows) {
          s.stmt(INSERT_SQL).run(
            userId,
            to,
            uid,
            modseq,
            newId('M'),
            r.thread_id,
            r.blob_rid,
            r.blob_id,
            r.size,
            r.sflags,
            r.keywords,
            r.internal_date,
            at,
          );
          if (r.keywords) for (const k of r.keywords.split(' ')) kw.add(k);
          d.messages++;
          d.unseen += unseenOf(r.sflags);
          d.deleted += deletedOf(r.sflags);
          d.size += r.size;
          dstUids.push(uid);
          emit({ type: 'append', userId, mailboxId: to, uid, modseq });
          uid++;
        }
        addKeywords(to, [...kw]);
        bumpCounters(userId, to, d, modseq, dst.uid_next);
        return { uidValidity: validity, srcUids: rows.map((r) => r.uid), dstUids, modseq };
      });
    },

    // Into the same mailbox too (RFC 6851 §3.1 allows any destination): the row gets a new
    // UID at the end and the old UID is expunged, like a move between two mailboxes.
    async move(userId, from, uids, to): Promise<CopyResult> {
      return log.tx((emit) => {
        box(userId, from);
        const dst = box(userId, to);
        const validity = dst.uid_validity;
        const rows = rowsIn(from, uids);
        if (rows.length === 0) return { uidValidity: validity, srcUids: [], dstUids: [], modseq: 0 };
        const modseq = nextModseq(s, userId);
        const at = now();
        let uid = takeUids(dst, rows.length);
        // The row moves in place: same id, emailId, blob; new mailbox, UID, MODSEQ, save date.
        const upd = s.stmt(
          'UPDATE messages SET mailbox_id = ?, uid = ?, modseq = ?, save_date = ? WHERE id = ?',
        );
        const tomb = s.stmt('INSERT OR REPLACE INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)');
        const srcUids = rows.map((r) => r.uid);
        // The expunge is published before the appends (a MOVE within one mailbox too).
        emit({ type: 'expunge', userId, mailboxId: from, uids: srcUids, modseq });
        const d = { messages: 0, unseen: 0, deleted: 0, size: 0 };
        const dstUids: number[] = [];
        const kw = new Set<string>();
        for (const r of rows) {
          upd.run(to, uid, modseq, at, r.id);
          tomb.run(from, r.uid, modseq);
          if (r.keywords) for (const k of r.keywords.split(' ')) kw.add(k);
          d.messages++;
          d.unseen += unseenOf(r.sflags);
          d.deleted += deletedOf(r.sflags);
          d.size += r.size;
          dstUids.push(uid);
          emit({ type: 'append', userId, mailboxId: to, uid, modseq });
          uid++;
        }
        addKeywords(to, [...kw]);
        bumpCounters(userId, to, d, modseq, dst.uid_next);
        bumpCounters(
          userId,
          from,
          { messages: -d.messages, unseen: -d.unseen, deleted: -d.deleted, size: -d.size },
          modseq,
        );
        // The user's usage gets +size then -size: a move leaves it unchanged.
        return { uidValidity: validity, srcUids, dstUids, modseq };
      });
    },

    async setFlags(userId, mailboxId, uids, op, flags, unchangedSince): Promise<FlagChangeResult> {
      const change = splitFlags(flags);
      return log.tx((emit) => {
        box(userId, mailboxId);
        const rows = rowsIn(mailboxId, uids);
        const upd = s.stmt('UPDATE messages SET sflags = ?, keywords = ?, modseq = ? WHERE id = ?');
        let modseq = 0;
        const out: FlagChangeResult = { changed: [], modified: [] };
        const d = { messages: 0, unseen: 0, deleted: 0, size: 0 };
        for (const r of rows) {
          // RFC 7162 §3.2: UNCHANGEDSINCE fails for messages changed after the given value.
          if (unchangedSince !== undefined && r.modseq > unchangedSince) {
            out.modified.push(r.uid);
            continue;
          }
          const next = applyFlagOp(op, r.sflags, r.keywords, change);
          if (!next) {
            // Passed the UNCHANGEDSINCE test without a change: still reported (RFC 7162 §3.2).
            if (unchangedSince !== undefined)
              out.changed.push({ uid: r.uid, modseq: r.modseq, flags: flagsOf(r.sflags, r.keywords) });
            continue;
          }
          if (modseq === 0) modseq = nextModseq(s, userId);
          upd.run(next.bits, next.keywords, modseq, r.id);
          d.unseen += unseenOf(next.bits) - unseenOf(r.sflags);
          d.deleted += deletedOf(next.bits) - deletedOf(r.sflags);
          out.changed.push({ uid: r.uid, modseq, flags: flagsOf(next.bits, next.keywords) });
        }
        if (modseq) {
          addKeywords(mailboxId, change.keywords);
          bumpCounters(userId, mailboxId, d, modseq);
          emit({
            type: 'flags',
            userId,
            mailboxId,
            changes: out.changed.filter((c) => c.modseq === modseq),
            modseq,
          });
        }
        return out;
      });
    },

    async expunge(userId, mailboxId, uids) {
      return expungeLike(userId, mailboxId, uids, true);
    },
    async remove(userId, mailboxId, uids) {
      return expungeLike(userId, mailboxId, uids, false);
    },
  };
}
