// The outbound queue and DKIM keys in SQLite. Layout:
//   queue_messages    one row per queued message; blob_id names the body file (no copy)
//   queue_recipients  one row per envelope recipient with its own state and schedule,
//                     so a partly delivered message retries only what is left
//   dkim_keys         one row per key; the newest per domain signs
//   DSN parameters (RFC 3461, migration 10): dsn_ret/dsn_envid on the message, notify
//   (comma list)/orcpt/delay_notified on each recipient.
// Writes run in one BEGIN IMMEDIATE transaction (db.ts), so a crash leaves whole rows
// only, and with WAL + synchronous=FULL enqueue() is durable when it returns.
import type Database from 'better-sqlite3';
import { isMailError, MailError } from '../core/errors.js';
import type {
  DkimKeyRecord,
  DkimKeyStore,
  DsnNotify,
  NewQueuedMessage,
  QueuedMessage,
  QueueRecipient,
  QueueRecipientState,
  QueueStore,
} from '../store/queue.js';
import type { BlobId } from '../store/types.js';
import type { SqliteDb } from './db.js';

/** Idempotent schema, applied by migration 2 (migrations.ts). */
export function queueSchema(db: Database.Database): void {
  db.exec(`
CREATE TABLE IF NOT EXISTS queue_messages (
  id INTEGER PRIMARY KEY,
  blob_id TEXT NOT NULL,
  mail_from TEXT NOT NULL,
  size INTEGER NOT NULL,
  eight_bit INTEGER NOT NULL,
  user_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_messages_blob ON queue_messages(blob_id);
CREATE TABLE IF NOT EXISTS queue_recipients (
  message_id INTEGER NOT NULL REFERENCES queue_messages(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  domain TEXT NOT NULL,
  state TEXT NOT NULL,                  -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_code INTEGER,
  last_enhanced TEXT,
  last_diagnostic TEXT,
  remote_mta TEXT,
  last_attempt_at INTEGER,
  PRIMARY KEY (message_id, address)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS queue_recipients_due ON queue_recipients(next_attempt_at) WHERE state = 'pending';
CREATE TABLE IF NOT EXISTS dkim_keys (
  id INTEGER PRIMARY KEY,
  domain TEXT NOT NULL,
  selector TEXT NOT NULL,
  private_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (domain, selector)
);
`);
}

interface MessageRow {
  id: number;
  blob_id: string;
  mail_from: string;
  size: number;
  eight_bit: number;
  user_id: number | null;
  created_at: number;
  dsn_ret: string | null;
  dsn_envid: string | null;
}

interface RecipientRow {
  message_id: number;
  address: string;
  domain: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_code: number | null;
  last_enhanced: string | null;
  last_diagnostic: string | null;
  remote_mta: string | null;
  last_attempt_at: number | null;
  notify: string | null;
  orcpt: string | null;
  delay_notified: number;
}

/** Migration 10: the DSN parameters (RFC 3461) of queued messages and recipients. */
export function queueDsnSchema(db: Database.Database): void {
  db.exec(`
ALTER TABLE queue_messages ADD COLUMN dsn_ret TEXT;
ALTER TABLE queue_messages ADD COLUMN dsn_envid TEXT;
ALTER TABLE queue_recipients ADD COLUMN notify TEXT;
ALTER TABLE queue_recipients ADD COLUMN orcpt TEXT;
ALTER TABLE queue_recipients ADD COLUMN delay_notified INTEGER NOT NULL DEFAULT 0;
`);
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

function toRecipient(r: RecipientRow): QueueRecipient {
  return {
    address: r.address,
    domain: r.domain,
    state: r.state as QueueRecipientState,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at),
    lastCode: r.last_code,
    lastEnhanced: r.last_enhanced,
    lastDiagnostic: r.last_diagnostic,
    remoteMta: r.remote_mta,
    lastAttemptAt: r.last_attempt_at === null ? null : new Date(r.last_attempt_at),
    notify: r.notify === null ? null : (r.notify.split(',') as DsnNotify[]),
    orcpt: r.orcpt,
    delayNotified: r.delay_notified === 1,
  };
}

export function createSqliteQueueStore(s: SqliteDb): QueueStore {
  const db = { prepare: (sql: string) => s.stmt(sql) };
  const insertMessage = db.prepare(
    `INSERT INTO queue_messages (blob_id, mail_from, size, eight_bit, user_id, created_at, dsn_ret, dsn_envid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRecipient = db.prepare(
    `INSERT OR IGNORE INTO queue_recipients (message_id, address, domain, state, next_attempt_at, notify, orcpt)
     VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
  );
  const selectMessage = db.prepare('SELECT * FROM queue_messages WHERE id = ?');
  const selectRecipientsOrdered = db.prepare(
    'SELECT * FROM queue_recipients WHERE message_id = ? ORDER BY address',
  );
  const selectDue = db.prepare(
    `SELECT DISTINCT message_id FROM queue_recipients
     WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY message_id LIMIT ?`,
  );
  const selectNextDue = db.prepare(
    "SELECT MIN(next_attempt_at) AS t FROM queue_recipients WHERE state = 'pending'",
  );
  const selectPage = db.prepare('SELECT * FROM queue_messages WHERE id > ? ORDER BY id LIMIT ?');
  const updateRecipient = db.prepare(
    `UPDATE queue_recipients SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_code = ?,
       last_enhanced = ?, last_diagnostic = ?, remote_mta = ?, last_attempt_at = ?
     WHERE message_id = ? AND address = ?`,
  );
  const retryOne = db.prepare(
    "UPDATE queue_recipients SET next_attempt_at = ? WHERE message_id = ? AND state = 'pending'",
  );
  const retryAll = db.prepare("UPDATE queue_recipients SET next_attempt_at = ? WHERE state = 'pending'");
  const setDelayNotified = db.prepare(
    'UPDATE queue_recipients SET delay_notified = 1 WHERE message_id = ? AND address = ?',
  );
  const deleteRecipients = db.prepare('DELETE FROM queue_recipients WHERE message_id = ?');
  const deleteMessage = db.prepare('DELETE FROM queue_messages WHERE id = ?');
  const blobUsed = db.prepare('SELECT 1 FROM queue_messages WHERE blob_id = ? LIMIT 1');

  const load = (id: number): QueuedMessage | null => {
    const m = selectMessage.get(id) as MessageRow | undefined;
    if (!m) return null;
    const rows = selectRecipientsOrdered.all(id) as RecipientRow[];
    return {
      id: m.id,
      blobId: m.blob_id,
      mailFrom: m.mail_from,
      size: m.size,
      eightBit: m.eight_bit === 1,
      userId: m.user_id,
      createdAt: new Date(m.created_at),
      dsn: { ret: m.dsn_ret === 'FULL' || m.dsn_ret === 'HDRS' ? m.dsn_ret : null, envid: m.dsn_envid },
      recipients: rows.map(toRecipient),
    };
  };

  const enqueueTx = (msg: NewQueuedMessage): number => {
    const info = insertMessage.run(
      msg.blobId,
      msg.mailFrom,
      msg.size,
      msg.eightBit ? 1 : 0,
      msg.userId,
      msg.now.getTime(),
      msg.dsn?.ret ?? null,
      msg.dsn?.envid ?? null,
    );
    const id = Number(info.lastInsertRowid);
    for (const r of msg.recipients) {
      const p = msg.recipientDsn?.[r];
      insertRecipient.run(
        id,
        r,
        domainOf(r),
        msg.now.getTime(),
        p?.notify?.join(',') ?? null,
        p?.orcpt ?? null,
      );
    }
    return id;
  };

  return {
    async enqueue(msg) {
      if (msg.recipients.length === 0) throw new MailError('Invalid', 'no recipients to queue');
      const id = s.tx(() => enqueueTx(msg));
      return s.read(() => load(id))!;
    },
    async get(id) {
      return s.read(() => load(id));
    },
    async due(now, limit) {
      return s.read(() => {
        const ids = selectDue.all(now.getTime(), limit) as { message_id: number }[];
        return ids.map((r) => load(r.message_id)).filter((m): m is QueuedMessage => m !== null);
      });
    },
    async nextDue() {
      const row = s.read(() => selectNextDue.get() as { t: number | null });
      return row.t === null ? null : new Date(row.t);
    },
    async list(afterId, limit) {
      return s.read(() => {
        const rows = selectPage.all(afterId, limit) as MessageRow[];
        return rows.map((m) => load(m.id)).filter((m): m is QueuedMessage => m !== null);
      });
    },
    async update(id, updates) {
      s.tx(() => {
        for (const u of updates) {
          updateRecipient.run(
            u.state,
            u.nextAttemptAt.getTime(),
            u.code,
            u.enhanced,
            u.diagnostic,
            u.remoteMta,
            u.at.getTime(),
            id,
            u.address,
          );
        }
      });
    },
    async markDelayNotified(id, addresses) {
      s.tx(() => {
        for (const a of addresses) setDelayNotified.run(id, a);
      });
    },
    async retryNow(id, now) {
      return s.tx(
        () => (id === null ? retryAll.run(now.getTime()) : retryOne.run(now.getTime(), id)).changes,
      );
    },
    async remove(id) {
      const n = s.tx(() => {
        deleteRecipients.run(id);
        return deleteMessage.run(id).changes;
      });
      if (n === 0) throw new MailError('NotFound', `no queued message ${id}`);
    },
    async referencedBlobs(ids: BlobId[]) {
      const out = new Set<BlobId>();
      s.read(() => {
        for (const id of ids) if (blobUsed.get(id)) out.add(id);
      });
      return out;
    },
  };
}

export function createSqliteDkimKeyStore(s: SqliteDb): DkimKeyStore {
  const db = { prepare: (sql: string) => s.stmt(sql) };
  const select = db.prepare(
    'SELECT * FROM dkim_keys WHERE domain = ? ORDER BY created_at DESC, id DESC LIMIT 1',
  );
  const insert = db.prepare(
    'INSERT INTO dkim_keys (domain, selector, private_key, public_key, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    async get(domain) {
      const r = s.read(() => select.get(domain.toLowerCase())) as
        | { domain: string; selector: string; private_key: string; public_key: string; created_at: number }
        | undefined;
      if (!r) return null;
      return {
        domain: r.domain,
        selector: r.selector,
        privateKeyPem: r.private_key,
        publicKey: r.public_key,
        createdAt: new Date(r.created_at),
      } satisfies DkimKeyRecord;
    },
    async put(key) {
      try {
        s.tx(() =>
          insert.run(
            key.domain.toLowerCase(),
            key.selector,
            key.privateKeyPem,
            key.publicKey,
            key.createdAt.getTime(),
          ),
        );
      } catch (e) {
        if (isMailError(e, 'AlreadyExists')) {
          throw new MailError('AlreadyExists', `DKIM key ${key.selector} for ${key.domain} exists`);
        }
        throw e;
      }
    },
  };
}
