// messageFlags() from memory: per mailbox, the UID, MODSEQ, system flags and keywords of
// every message in columns (typed arrays), shared by every session of this store
// instance. A client's resync (`UID FETCH 1:* (FLAGS)`) of a 100,000-message mailbox then
// costs no row reads, only the lookups of what changed since the last call.
//
// Invariants:
// - An entry is tied to the mailbox's uid_validity and to the highest_modseq it was read
//   at; every call reads the mailbox row first, in the same read transaction as the delta:
//     changed = messages with modseq > the entry's modseq (an append, COPY or MOVE into
//               the mailbox and every flag change give the message the change's modseq),
//     removed = expunge tombstones with modseq > the entry's modseq.
//   So the answer is the committed state at the call, changes by other handles and
//   processes included (the same rule as uid-ops.ts).
// - A changed UID is either in the entry (updated in place) or above its highest UID
//   (appended): UIDs only grow. Anything else, or a count that differs from the mailbox's
//   counter after the delta, rebuilds the entry from the rows.
// - Memory is bounded: entries hold at most MAX_MESSAGES messages in all (about 13 bytes
//   each plus keyword strings); least recently used entries go first, and a mailbox larger
//   than the whole budget is answered from the rows.
import { normalizeRanges } from '../core/uid-ranges.js';
import type { MailStore, MessageFlags } from '../store/types.js';
import type { SqliteDb } from './db.js';
import { sharedFlags } from './flags.js';

/** Messages kept in all entries. */
export const MAX_MESSAGES = 2_000_000;

interface Columns {
  validity: number;
  modseq: number;
  n: number;
  uids: Uint32Array;
  sflags: Uint8Array;
  modseqs: Float64Array;
  /** Keywords of the messages that have any (space separated, as stored). */
  keywords: Map<number, string>;
  /** Messages counted in the cache's total for this entry. */
  counted: number;
}

type Row = [uid: number, modseq: number, sflags: number, keywords: string];

interface BoxState {
  uid_validity: number;
  highest_modseq: number;
  messages: number;
}

function columnsOf(validity: number, modseq: number, rows: Row[]): Columns {
  const c: Columns = {
    validity,
    modseq,
    n: 0,
    uids: new Uint32Array(rows.length),
    sflags: new Uint8Array(rows.length),
    modseqs: new Float64Array(rows.length),
    keywords: new Map(),
    counted: 0,
  };
  for (const r of rows) push(c, r);
  return c;
}

function push(c: Columns, r: Row): void {
  if (c.n === c.uids.length) {
    const cap = Math.max(16, c.n * 2);
    const grow = <T extends Uint32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    c.uids = grow(c.uids, (k) => new Uint32Array(k));
    c.sflags = grow(c.sflags, (k) => new Uint8Array(k));
    c.modseqs = grow(c.modseqs, (k) => new Float64Array(k));
  }
  c.uids[c.n] = r[0];
  c.modseqs[c.n] = r[1];
  c.sflags[c.n] = r[2];
  if (r[3]) c.keywords.set(r[0], r[3]);
  c.n++;
}

/** Index of the first UID >= uid (n when none). */
function lowerBound(c: Columns, uid: number): number {
  let lo = 0;
  let hi = c.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.uids[mid]! < uid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Drops the removed UIDs (ascending) in one pass. */
function removeUids(c: Columns, removed: number[]): void {
  let k = 0;
  let w = 0;
  for (let i = 0; i < c.n; i++) {
    const u = c.uids[i]!;
    while (k < removed.length && removed[k]! < u) k++;
    if (k < removed.length && removed[k] === u) {
      c.keywords.delete(u);
      continue;
    }
    c.uids[w] = u;
    c.sflags[w] = c.sflags[i]!;
    c.modseqs[w] = c.modseqs[i]!;
    w++;
  }
  c.n = w;
}

/** Applies changed rows (ascending UID); false when one cannot be placed. */
function applyChanged(c: Columns, rows: Row[]): boolean {
  for (const r of rows) {
    const top = c.n > 0 ? c.uids[c.n - 1]! : 0;
    if (r[0] > top) {
      push(c, r);
      continue;
    }
    const i = lowerBound(c, r[0]);
    if (i >= c.n || c.uids[i] !== r[0]) return false;
    c.modseqs[i] = r[1];
    c.sflags[i] = r[2];
    if (r[3]) c.keywords.set(r[0], r[3]);
    else c.keywords.delete(r[0]);
  }
  return true;
}

export function createFlagCache(s: SqliteDb, maxMessages = MAX_MESSAGES): Pick<MailStore, 'messageFlags'> {
  const cache = new Map<number, Columns>();
  let held = 0;

  const drop = (id: number) => {
    const c = cache.get(id);
    if (!c) return;
    held -= c.counted;
    cache.delete(id);
  };
  const keep = (id: number, c: Columns) => {
    drop(id);
    cache.set(id, c);
    c.counted = c.n;
    held += c.n;
    for (const old of cache.keys()) {
      if (held <= maxMessages || old === id) break;
      drop(old);
    }
  };

  const rowsSql = 'SELECT uid, modseq, sflags, keywords FROM messages WHERE mailbox_id = ?';

  /** The up-to-date columns of the mailbox, or null when it is too large to keep. */
  const columns = (mailboxId: number): Columns | null => {
    const box = s
      .stmt('SELECT uid_validity, highest_modseq, messages FROM mailboxes WHERE id = ?')
      .get(mailboxId) as BoxState | undefined;
    if (!box || box.messages > maxMessages) {
      drop(mailboxId);
      return null;
    }
    const c = cache.get(mailboxId);
    if (c && c.validity === box.uid_validity && c.modseq <= box.highest_modseq) {
      if (c.modseq < box.highest_modseq) {
        const removed = s
          .stmt('SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid')
          .pluck()
          .all(mailboxId, c.modseq) as number[];
        const changed = s
          .stmt(`${rowsSql} AND modseq > ? ORDER BY uid`)
          .raw()
          .all(mailboxId, c.modseq) as Row[];
        if (removed.length) removeUids(c, removed);
        const placed = applyChanged(c, changed);
        c.modseq = box.highest_modseq;
        if (placed && c.n === box.messages) {
          keep(mailboxId, c);
          return c;
        }
      } else {
        cache.delete(mailboxId); // most recently used last
        cache.set(mailboxId, c);
        return c;
      }
    }
    const rows = s.stmt(`${rowsSql} ORDER BY uid`).raw().all(mailboxId) as Row[];
    const fresh = columnsOf(box.uid_validity, box.highest_modseq, rows);
    keep(mailboxId, fresh);
    return fresh;
  };

  /** The same page from the rows (mailboxes too large to keep). */
  const fromRows = (mailboxId: number, ranges: ReturnType<typeof normalizeRanges>, limit: number) => {
    const st = s.stmt(`${rowsSql} AND uid BETWEEN ? AND ? ORDER BY uid LIMIT ?`).raw();
    const flags = sharedFlags();
    const out: MessageFlags[] = [];
    for (const r of ranges) {
      if (out.length >= limit) break;
      for (const row of st.all(mailboxId, r.start, r.end, limit - out.length) as Row[])
        out.push({ uid: row[0], modseq: row[1], flags: flags(row[2], row[3]) });
    }
    return out;
  };

  return {
    async messageFlags(mailboxId, ranges, limit) {
      // SQLite reads LIMIT -1 as "no limit": a bad limit must not load a whole mailbox.
      if (!(limit > 0)) return [];
      const wanted = normalizeRanges(ranges);
      return s.read(() =>
        s.db
          .transaction(() => {
            const c = columns(mailboxId);
            if (!c) return fromRows(mailboxId, wanted, limit);
            // Messages with the same flags share one (frozen) array within the page.
            const flags = sharedFlags();
            const out: MessageFlags[] = [];
            for (const r of wanted) {
              for (let i = lowerBound(c, r.start); i < c.n && out.length < limit; i++) {
                const uid = c.uids[i]!;
                if (uid > r.end) break;
                out.push({
                  uid,
                  modseq: c.modseqs[i]!,
                  flags: flags(c.sflags[i]!, c.keywords.get(uid) ?? ''),
                });
              }
              if (out.length >= limit) break;
            }
            return out;
          })
          .deferred(),
      );
    },
  };
}
