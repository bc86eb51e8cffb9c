// Sieve scripts and the vacation log in SQLite. Layout:
//   sieve_scripts   (user_id, name) -> content, active; a partial unique index keeps at
//                   most one active script per user
//   sieve_vacation  (user_id, sender, handle) -> expires_at: when the next reply may go
import type Database from 'better-sqlite3';
import { MailError } from '../core/errors.js';
import type { SieveScriptRecord, SieveStore } from '../store/sieve.js';
import type { SqliteDb } from './db.js';

/** Schema, applied by migration 6 (migrations.ts). */
export function sieveSchema(db: Database.Database): void {
  db.exec(`
CREATE TABLE sieve_scripts (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, name)
) WITHOUT ROWID;
CREATE UNIQUE INDEX sieve_scripts_one_active ON sieve_scripts(user_id) WHERE active = 1;
CREATE TABLE sieve_vacation (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sender TEXT NOT NULL,
  handle TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, sender, handle)
) WITHOUT ROWID;
`);
}

interface Row {
  name: string;
  content: string;
  active: number;
  updated_at: number;
}

const toRecord = (r: Row): SieveScriptRecord => ({
  name: r.name,
  content: r.content,
  active: r.active === 1,
  updatedAt: new Date(r.updated_at),
});

export function createSqliteSieveStore(s: SqliteDb): SieveStore {
  const list = s.stmt(
    'SELECT name, content, active, updated_at FROM sieve_scripts WHERE user_id = ? ORDER BY name',
  );
  const get = s.stmt(
    'SELECT name, content, active, updated_at FROM sieve_scripts WHERE user_id = ? AND name = ?',
  );
  const active = s.stmt(
    'SELECT name, content, active, updated_at FROM sieve_scripts WHERE user_id = ? AND active = 1',
  );
  const upsert = s.stmt(
    `INSERT INTO sieve_scripts (user_id, name, content, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, name) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
  );
  const del = s.stmt('DELETE FROM sieve_scripts WHERE user_id = ? AND name = ?');
  const rename = s.stmt('UPDATE sieve_scripts SET name = ? WHERE user_id = ? AND name = ?');
  const clearActive = s.stmt('UPDATE sieve_scripts SET active = 0 WHERE user_id = ? AND active = 1');
  const makeActive = s.stmt('UPDATE sieve_scripts SET active = 1 WHERE user_id = ? AND name = ?');
  const vacGet = s.stmt(
    'SELECT expires_at FROM sieve_vacation WHERE user_id = ? AND sender = ? AND handle = ?',
  );
  const vacPut = s.stmt(
    `INSERT INTO sieve_vacation (user_id, sender, handle, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, sender, handle) DO UPDATE SET expires_at = excluded.expires_at`,
  );
  const vacPrune = s.stmt('DELETE FROM sieve_vacation WHERE user_id = ? AND expires_at <= ?');

  return {
    async listScripts(userId) {
      return s.read(() => (list.all(userId) as Row[]).map(toRecord));
    },
    async getScript(userId, name) {
      const r = s.read(() => get.get(userId, name) as Row | undefined);
      return r ? toRecord(r) : null;
    },
    async activeScript(userId) {
      const r = s.read(() => active.get(userId) as Row | undefined);
      return r ? toRecord(r) : null;
    },
    async putScript(userId, name, content, now) {
      s.tx(() => upsert.run(userId, name, content, now.getTime()));
    },
    async deleteScript(userId, name) {
      s.tx(() => {
        const r = get.get(userId, name) as Row | undefined;
        if (!r) throw new MailError('NotFound', `no script "${name}"`);
        if (r.active === 1) throw new MailError('InUse', `script "${name}" is active`);
        del.run(userId, name);
      });
    },
    async renameScript(userId, from, to) {
      s.tx(() => {
        if (!get.get(userId, from)) throw new MailError('NotFound', `no script "${from}"`);
        if (get.get(userId, to)) throw new MailError('AlreadyExists', `script "${to}" exists`);
        rename.run(to, userId, from);
      });
    },
    async setActive(userId, name) {
      s.tx(() => {
        if (name !== null && !get.get(userId, name)) throw new MailError('NotFound', `no script "${name}"`);
        clearActive.run(userId);
        if (name !== null) makeActive.run(userId, name);
      });
    },
    async recordVacationReply(userId, sender, handle, now, periodSeconds) {
      const t = now.getTime();
      return s.tx(() => {
        const r = vacGet.get(userId, sender, handle) as { expires_at: number } | undefined;
        if (r && r.expires_at > t) return false;
        vacPrune.run(userId, t);
        vacPut.run(userId, sender, handle, t + periodSeconds * 1000);
        return true;
      });
    },
  };
}
