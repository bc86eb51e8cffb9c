// URLAUTH mailbox access keys in SQLite. Layout:
//   urlauth_keys  (user_id, mailbox_id) -> key (random bytes), created_at
// Rows go with their mailbox or user (ON DELETE CASCADE), so a deleted and recreated
// mailbox never inherits the old key.
import type Database from 'better-sqlite3';
import { MailError } from '../core/errors.js';
import type { UrlAuthKeyStore } from '../store/urlauth.js';
import type { SqliteDb } from './db.js';

/** Schema, applied by migration 7 (migrations.ts). */
export function urlAuthSchema(db: Database.Database): void {
  db.exec(`
CREATE TABLE urlauth_keys (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  key BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, mailbox_id)
) WITHOUT ROWID;
CREATE INDEX urlauth_keys_mailbox ON urlauth_keys(mailbox_id);
`);
}

export function createSqliteUrlAuthKeyStore(s: SqliteDb, now: () => number): UrlAuthKeyStore {
  const get = s.stmt('SELECT key FROM urlauth_keys WHERE user_id = ? AND mailbox_id = ?');
  const owner = s.stmt('SELECT user_id FROM mailboxes WHERE id = ?');
  const insert = s.stmt(
    'INSERT OR IGNORE INTO urlauth_keys (user_id, mailbox_id, key, created_at) VALUES (?, ?, ?, ?)',
  );
  const delOne = s.stmt('DELETE FROM urlauth_keys WHERE user_id = ? AND mailbox_id = ?');
  const delAll = s.stmt('DELETE FROM urlauth_keys WHERE user_id = ?');
  return {
    async getUrlAuthKey(userId, mailboxId) {
      const r = s.read(() => get.get(userId, mailboxId) as { key: Buffer } | undefined);
      return r ? Buffer.from(r.key) : null;
    },
    async ensureUrlAuthKey(userId, mailboxId, key) {
      return s.tx(() => {
        const o = owner.get(mailboxId) as { user_id: number } | undefined;
        if (!o || o.user_id !== userId) throw new MailError('NotFound', 'no such mailbox');
        insert.run(userId, mailboxId, key, now());
        return Buffer.from((get.get(userId, mailboxId) as { key: Buffer }).key);
      });
    },
    async deleteUrlAuthKeys(userId, mailboxId) {
      return s.tx(
        () => (mailboxId === undefined ? delAll.run(userId) : delOne.run(userId, mailboxId)).changes,
      );
    },
  };
}
