// A mailbox's UIDs for sequence maps (IMAP SELECT), kept in memory between calls and
// shared by every session of this store instance, so SELECT of a 100,000-message mailbox
// does not read 100,000 rows each time.
//
// Invariants:
// - An entry is tied to the mailbox's uid_validity (mailbox ids can be reused after a
//   delete; UIDVALIDITY never is) and to the highest_modseq it was read at.
// - Every call reads the mailbox row first, in the same read transaction as any delta, so
//   the answer is the committed state at the call whoever committed it (another handle,
//   the CLI, another process): changes since the entry's modseq are
//     added   = messages with uid >= the entry's uid_next (UIDs only grow; a MOVE or COPY
//               into the mailbox takes new UIDs too),
//     removed = expunge tombstones with modseq > the entry's modseq (every expunge and
//               MOVE out leaves one, with the change's modseq, which is > any earlier one).
//   A flag change moves highest_modseq without changing either: the delta is empty.
// - If the count after a delta differs from the mailbox's counter, the entry is rebuilt
//   from the rows (defensive: it never happens while the invariants above hold).
// - Memory is bounded: least recently used entries go first beyond MAX_RUNS runs in all.
import { MailError } from '../core/errors.js';
import type { MailStore } from '../store/types.js';
import { applyUidDelta, runsFromUids, type UidRunList, uidsOfRuns } from '../util/uid-runs.js';
import type { SqliteDb } from './db.js';
import { compileSearch } from './search-sql.js';

type UidOps = Pick<MailStore, 'uids' | 'uidRuns' | 'firstUid'>;

/** Runs kept in all cached entries (8 bytes each: 16 MB). */
const MAX_RUNS = 2_000_000;

interface Entry {
  validity: number;
  modseq: number;
  uidNext: number;
  runs: UidRunList;
}

interface BoxState {
  uid_validity: number;
  uid_next: number;
  highest_modseq: number;
  messages: number;
}

export function createUidOps(s: SqliteDb, now: () => number): UidOps {
  const cache = new Map<number, Entry>();
  let cachedRuns = 0;

  const drop = (id: number) => {
    const e = cache.get(id);
    if (!e) return;
    cachedRuns -= e.runs.starts.length;
    cache.delete(id);
  };
  const keep = (id: number, e: Entry) => {
    drop(id);
    if (e.runs.starts.length > MAX_RUNS) return;
    cache.set(id, e);
    cachedRuns += e.runs.starts.length;
    for (const old of cache.keys()) {
      if (cachedRuns <= MAX_RUNS) break;
      drop(old);
    }
  };

  const readAll = (mailboxId: number): UidRunList =>
    // One .all() is about twice as fast as .iterate() for 100,000 rows.
    runsFromUids(
      s.stmt('SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid').pluck().all(mailboxId) as number[],
    );

  /** The current runs of the mailbox (the cache's own arrays: do not hand them out). */
  const current = (mailboxId: number): UidRunList =>
    s.read(() =>
      s.db
        .transaction(() => {
          const box = s
            .stmt('SELECT uid_validity, uid_next, highest_modseq, messages FROM mailboxes WHERE id = ?')
            .get(mailboxId) as BoxState | undefined;
          if (!box) {
            drop(mailboxId);
            throw new MailError('NotFound', 'no such mailbox');
          }
          let e = cache.get(mailboxId);
          if (e && e.validity === box.uid_validity && e.modseq === box.highest_modseq) {
            // Most recently used last: re-insert.
            cache.delete(mailboxId);
            cache.set(mailboxId, e);
            return e.runs;
          }
          let runs: UidRunList | null = null;
          if (e && e.validity === box.uid_validity && e.modseq < box.highest_modseq) {
            const removed = s
              .stmt('SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid')
              .pluck()
              .all(mailboxId, e.modseq) as number[];
            const added = s
              .stmt('SELECT uid FROM messages WHERE mailbox_id = ? AND uid >= ? ORDER BY uid')
              .pluck()
              .all(mailboxId, e.uidNext) as number[];
            runs = applyUidDelta(e.runs, removed, added);
            if (runs.count !== box.messages) runs = null;
          }
          runs ??= readAll(mailboxId);
          e = { validity: box.uid_validity, modseq: box.highest_modseq, uidNext: box.uid_next, runs };
          keep(mailboxId, e);
          return runs;
        })
        .deferred(),
    );

  return {
    async uids(mailboxId) {
      return uidsOfRuns(current(mailboxId));
    },
    async uidRuns(mailboxId) {
      const r = current(mailboxId);
      return { starts: r.starts.slice(), lengths: r.lengths.slice(), count: r.count };
    },
    async firstUid(mailboxId, key) {
      const c = compileSearch(key, now());
      const from = c.needsBlob ? 'FROM messages m JOIN blobs b ON b.rid = m.blob_rid' : 'FROM messages m';
      // Cached by its text: SELECT asks this (first UNSEEN) every time.
      const st = s.stmt(
        `SELECT m.uid ${from} WHERE m.mailbox_id = ? AND (${c.where}) ORDER BY m.uid LIMIT 1`,
      );
      const uid = s.read(() => st.pluck().get(mailboxId, ...c.params) as number | undefined);
      return uid ?? null;
    },
  };
}
