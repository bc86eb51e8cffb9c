// Start-up check and repair. SQLite's transactions make counters and rows consistent by
// construction; this re-verifies them anyway (cheaply, one mailbox at a time) and drops stale
// temp files. findMissingBodies REPORTS messages whose body file is missing (never deletes
// them quietly); it stats every body file, seconds on 100,000 messages, so the server runs
// it after it has started.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { blobIdWindows } from './blob-rows.js';
import type { FileBlobStore } from './blobs.js';
import type { SqliteDb } from './db.js';
import { DELETED, SEEN } from './flags.js';

/** Temp files untouched this long belong to no live writer (another process may be writing). */
const TEMP_STALE_MS = 15 * 60 * 1000;
const BLOB_PAGE = 500;

export async function checkStore(s: SqliteDb, blobs: FileBlobStore): Promise<{ repaired: string[] }> {
  const repaired: string[] = [];
  const dropped = await blobs.dropTemp(TEMP_STALE_MS);
  if (dropped) repaired.push(`removed ${dropped} stale temp file(s)`);

  // Counters, per mailbox.
  const ids = s.read(() => s.stmt('SELECT id FROM mailboxes ORDER BY id').pluck().all() as number[]);
  for (const id of ids) {
    const fixed = s.tx(() => {
      const want = s
        .stmt(
          `SELECT count(*) AS messages, coalesce(sum((sflags & ${SEEN}) = 0), 0) AS unseen,
           coalesce(sum((sflags & ${DELETED}) != 0), 0) AS deleted, coalesce(sum(size), 0) AS size,
           coalesce(max(uid), 0) AS maxuid, coalesce(max(modseq), 0) AS maxmodseq
           FROM messages WHERE mailbox_id = ?`,
        )
        .get(id) as {
        messages: number;
        unseen: number;
        deleted: number;
        size: number;
        maxuid: number;
        maxmodseq: number;
      };
      const have = s
        .stmt(
          'SELECT name, messages, unseen, deleted, size, uid_next, highest_modseq FROM mailboxes WHERE id = ?',
        )
        .get(id) as
        | {
            name: string;
            messages: number;
            unseen: number;
            deleted: number;
            size: number;
            uid_next: number;
            highest_modseq: number;
          }
        | undefined;
      if (!have) return null;
      if (
        have.messages === want.messages &&
        have.unseen === want.unseen &&
        have.deleted === want.deleted &&
        have.size === want.size &&
        have.uid_next > want.maxuid &&
        have.highest_modseq >= want.maxmodseq
      )
        return null;
      s.stmt(
        `UPDATE mailboxes SET messages = ?, unseen = ?, deleted = ?, size = ?, uid_next = max(uid_next, ?),
         highest_modseq = max(highest_modseq, ?) WHERE id = ?`,
      ).run(want.messages, want.unseen, want.deleted, want.size, want.maxuid + 1, want.maxmodseq, id);
      return have.name;
    });
    if (fixed !== null) repaired.push(`recounted mailbox ${fixed} (#${id})`);
    await yieldLoop();
  }

  // Usage per user follows from the mailboxes.
  const users = s.tx(() => {
    const bad = s
      .stmt(
        `SELECT u.id, u.address FROM users u LEFT JOIN (SELECT user_id, sum(size) AS b, sum(messages) AS n FROM mailboxes GROUP BY user_id) t
         ON t.user_id = u.id WHERE u.used_bytes != coalesce(t.b, 0) OR u.used_messages != coalesce(t.n, 0)`,
      )
      .all() as { id: number; address: string }[];
    const fix = s.stmt(
      `UPDATE users SET used_bytes = (SELECT coalesce(sum(size), 0) FROM mailboxes WHERE user_id = users.id),
       used_messages = (SELECT coalesce(sum(messages), 0) FROM mailboxes WHERE user_id = users.id) WHERE id = ?`,
    );
    for (const u of bad) fix.run(u.id);
    return bad;
  });
  for (const u of users) repaired.push(`recounted usage of ${u.address}`);
  return { repaired };
}

/** Every referenced blob must exist on disk: one report line per message without one. */
export async function findMissingBodies(
  s: SqliteDb,
  blobs: FileBlobStore,
  stopped: () => boolean = () => false,
): Promise<string[]> {
  const missing: string[] = [];
  for (const w of blobIdWindows(s, BLOB_PAGE)) {
    await yieldLoop(); // the event loop between windows, even those with no file to look up
    if (stopped()) break;
    const page = s.read(
      () =>
        s
          .stmt(
            // Bodies kept in the database are there by construction: only files are looked
            // up, found through their own index (blobs_body_files).
            `SELECT rid, id FROM blobs WHERE id > ? AND id <= ? AND body_inline = 0
             AND EXISTS (SELECT 1 FROM messages m WHERE m.blob_rid = blobs.rid) ORDER BY id`,
          )
          .all(w.after, w.upper) as { rid: number; id: string }[],
    );
    // One lookup at a time: it runs while the server serves, and a page of lookups at once
    // filled the thread pool that APPEND's fsyncs (and every file read) wait for.
    const present: boolean[] = [];
    for (const b of page) {
      if (stopped()) break;
      present.push(await blobs.exists(b.id));
    }
    if (stopped()) break;
    page.forEach((b, i) => {
      if (present[i]) return;
      const where = s.read(
        () =>
          s
            .stmt(
              `SELECT u.address, x.name, m.uid FROM messages m JOIN mailboxes x ON x.id = m.mailbox_id
               JOIN users u ON u.id = m.user_id WHERE m.blob_rid = ? LIMIT 20`,
            )
            .all(b.rid) as { address: string; name: string; uid: number }[],
      );
      for (const m of where)
        missing.push(
          `MISSING BODY ${b.id}: ${m.address} ${m.name} uid ${m.uid} (message kept, body unreadable)`,
        );
    });
  }
  return missing;
}
