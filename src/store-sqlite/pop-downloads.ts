// POP download records (`pop_downloaded`): which messages POP downloaded, and when first.
// Used by each-message-once (hide them from later sessions) and by the retention rule
// (remove them N days after the download). Keyed by emailId, which is never reused, so a
// record whose message is gone is dead and may be forgotten.
import type { MailStore } from '../store/types.js';
import type { SqliteDb } from './db.js';

type PopOps = Pick<
  MailStore,
  'markPopDownloaded' | 'popDownloaded' | 'popDownloadedBefore' | 'forgetPopDownloads'
>;

export function createPopDownloadOps(s: SqliteDb): PopOps {
  return {
    async markPopDownloaded(userId, downloads) {
      if (downloads.length === 0) return;
      s.tx(() => {
        // The first download counts: a later one never moves the date forward.
        const st = s.stmt(
          `INSERT INTO pop_downloaded (user_id, email_id, downloaded_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id, email_id) DO UPDATE SET downloaded_at = excluded.downloaded_at
           WHERE excluded.downloaded_at < pop_downloaded.downloaded_at`,
        );
        for (const d of downloads) st.run(userId, d.emailId, d.at.getTime());
      });
    },
    async popDownloaded(userId, emailIds) {
      if (emailIds.length === 0) return new Map();
      const rows = s.read(
        () =>
          s
            .stmt(
              `SELECT email_id, downloaded_at FROM pop_downloaded
               WHERE user_id = ? AND email_id IN (SELECT value FROM json_each(?))`,
            )
            .raw()
            .all(userId, JSON.stringify(emailIds)) as [string, number][],
      );
      return new Map(rows.map(([id, at]) => [id, new Date(at)]));
    },
    async popDownloadedBefore(userId, before, after, limit) {
      if (!(limit > 0)) return [];
      const rows = s.read(
        () =>
          s
            .stmt(
              `SELECT email_id, downloaded_at FROM pop_downloaded
               WHERE user_id = ? AND downloaded_at < ? AND (downloaded_at, email_id) > (?, ?)
               ORDER BY downloaded_at, email_id LIMIT ?`,
            )
            .raw()
            .all(userId, before.getTime(), after?.at.getTime() ?? -1, after?.emailId ?? '', limit) as [
            string,
            number,
          ][],
      );
      return rows.map(([emailId, at]) => ({ emailId, at: new Date(at) }));
    },
    async forgetPopDownloads(userId, emailIds) {
      if (emailIds.length === 0) return;
      s.tx(() =>
        s
          .stmt(
            'DELETE FROM pop_downloaded WHERE user_id = ? AND email_id IN (SELECT value FROM json_each(?))',
          )
          .run(userId, JSON.stringify(emailIds)),
      );
    },
  };
}
