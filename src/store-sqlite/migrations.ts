// Numbered schema migrations, applied in order; PRAGMA user_version records the last one.
// Never edit a published migration: add the next number.
import type Database from 'better-sqlite3';
import { addressSearchText, displaySortValue, parseMailDateZoned, sortMailbox } from '../mime/index.js';
import type { Envelope } from '../mime/types.js';
import { queueDsnSchema, queueSchema } from './queue.js';
import { sieveSchema } from './sieve.js';
import { urlAuthSchema } from './urlauth.js';

const MIGRATIONS: ((db: Database.Database) => void)[] = [
  // 1: the whole first schema.
  (db) => {
    db.exec(`
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE domains (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL UNIQUE,
  domain_id INTEGER NOT NULL REFERENCES domains(id),
  password_hash TEXT NOT NULL,
  quota_bytes INTEGER,
  quota_messages INTEGER,
  settings TEXT NOT NULL DEFAULT '{}',
  modseq INTEGER NOT NULL DEFAULT 0,         -- the per-user MODSEQ counter
  used_bytes INTEGER NOT NULL DEFAULT 0,     -- kept with every append/expunge
  used_messages INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX users_domain ON users(domain_id);

CREATE TABLE aliases (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,                     -- local@domain or @domain (catch-all)
  domain_id INTEGER NOT NULL REFERENCES domains(id),
  target TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (address, target)
);
CREATE INDEX aliases_domain ON aliases(domain_id);
CREATE INDEX aliases_target ON aliases(target);

CREATE TABLE app_passwords (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  protocols TEXT,                            -- JSON array or NULL for all
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  UNIQUE (user_id, name)
);

CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  uid_validity INTEGER NOT NULL UNIQUE,
  uid_next INTEGER NOT NULL DEFAULT 1,
  highest_modseq INTEGER NOT NULL,
  special_use TEXT,
  messages INTEGER NOT NULL DEFAULT 0,
  unseen INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
);

CREATE TABLE subscriptions (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (user_id, name)
) WITHOUT ROWID;

-- One row per distinct body (content address). Shared by every copy of a message.
CREATE TABLE blobs (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,                   -- sha256 hex
  size INTEGER NOT NULL,
  structure TEXT NOT NULL,
  subject TEXT NOT NULL,
  base_subject TEXT NOT NULL,                -- RFC 5256 base subject, for SORT SUBJECT
  from_addr TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  cc_addr TEXT NOT NULL,
  from_display TEXT NOT NULL,
  to_display TEXT NOT NULL,
  sent_date INTEGER,
  message_id TEXT,
  in_reply_to TEXT,
  refs TEXT NOT NULL,                        -- JSON array
  header_text TEXT NOT NULL,
  body_text TEXT NOT NULL,
  preview TEXT NOT NULL,
  has_attachment INTEGER NOT NULL
);
CREATE INDEX blobs_message_id ON blobs(message_id) WHERE message_id IS NOT NULL;

-- Substring search (IMAP SEARCH TEXT/BODY/HEADER): trigram index over the blobs table.
CREATE VIRTUAL TABLE blob_text USING fts5(
  header_text, body_text, content='blobs', content_rowid='rid', tokenize='trigram'
);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  modseq INTEGER NOT NULL,
  email_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  blob_rid INTEGER NOT NULL REFERENCES blobs(rid),
  size INTEGER NOT NULL,
  sflags INTEGER NOT NULL,                   -- bit set of the five system flags
  keywords TEXT NOT NULL DEFAULT '',         -- space separated
  internal_date INTEGER NOT NULL,
  save_date INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_uid ON messages(mailbox_id, uid);
CREATE INDEX messages_modseq ON messages(mailbox_id, modseq);
CREATE UNIQUE INDEX messages_email ON messages(user_id, email_id);
CREATE INDEX messages_blob ON messages(blob_rid);
CREATE INDEX messages_thread ON messages(user_id, thread_id);

-- Expunge tombstones for QRESYNC VANISHED (RFC 7162 §3.2.5.1).
CREATE TABLE expunged (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  modseq INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX expunged_modseq ON expunged(mailbox_id, modseq);

-- Keywords ever used in a mailbox, for the FLAGS / PERMANENTFLAGS responses.
CREATE TABLE mailbox_keywords (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  keyword TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (mailbox_id, keyword)
) WITHOUT ROWID;

CREATE TABLE pop_downloaded (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  email_id TEXT NOT NULL,
  PRIMARY KEY (user_id, email_id)
) WITHOUT ROWID;
`);
    // UIDVALIDITY counter seeded from the clock, so a store rebuilt from scratch never
    // hands out a value an old client may remember (RFC 9051 §2.3.1.1).
    db.prepare("INSERT INTO meta (key, value) VALUES ('uidvalidity', ?)").run(Math.floor(Date.now() / 1000));
  },
  // 2: the outbound queue and DKIM keys (schema owned by ./queue.ts).
  (db) => queueSchema(db),
  // 3: the trigram index covers the first FTS_MAX_CHARS of each text; longer texts are
  // marked so a search also scans their tail (rare, and bounded to those blobs).
  (db) => {
    db.exec(`
ALTER TABLE blobs ADD COLUMN text_truncated INTEGER NOT NULL DEFAULT 0;
CREATE INDEX blobs_truncated ON blobs(rid) WHERE text_truncated = 1;
`);
  },
  // 4: the blob id copied into each message row (immutable), so paging through messages
  // needs no join with the wide blobs table (measured: 2.5x faster on 100,000 messages).
  (db) => {
    db.exec(`
ALTER TABLE messages ADD COLUMN blob_id TEXT NOT NULL DEFAULT '';
UPDATE messages SET blob_id = (SELECT id FROM blobs WHERE rid = messages.blob_rid);
`);
  },
  // 5: account changes as a short log, so a server learns what the CLI (another process)
  // did to an account and tells its sessions (replaced by change_journal in 12).
  (db) => {
    db.exec(`
CREATE TABLE account_changes (
  seq INTEGER PRIMARY KEY,
  origin TEXT NOT NULL,                      -- the store instance that made the change
  user_id INTEGER NOT NULL,
  action TEXT NOT NULL,                      -- password | settings | delete
  at INTEGER NOT NULL
);
`);
  },
  // 6: Sieve scripts and the vacation log (schema owned by ./sieve.ts).
  (db) => sieveSchema(db),
  // 7: FROM/TO/CC/BCC search text and the Date: header's zone (SENTON compares the day as
  // written); SORT FROM/TO/CC keys become the first addr-mailbox (RFC 5256) and DISPLAY
  // keys the RFC 5957 value. Existing blobs are recomputed from their stored envelope.
  (db) => {
    db.exec(`
ALTER TABLE blobs ADD COLUMN from_text TEXT NOT NULL DEFAULT '';
ALTER TABLE blobs ADD COLUMN to_text TEXT NOT NULL DEFAULT '';
ALTER TABLE blobs ADD COLUMN cc_text TEXT NOT NULL DEFAULT '';
ALTER TABLE blobs ADD COLUMN bcc_text TEXT NOT NULL DEFAULT '';
ALTER TABLE blobs ADD COLUMN sent_offset INTEGER;
`);
    reindexAddresses(db);
  },
  // 8: POP download dates (retention counts from the first download, not from arrival)
  // and leases (the POP3 maildrop lock shared by every process on the store). Records
  // older than this migration get its time: never earlier than the real download, so
  // the retention rule never removes mail sooner than it promised.
  (db) => {
    db.exec(`
ALTER TABLE pop_downloaded ADD COLUMN downloaded_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX pop_downloaded_at ON pop_downloaded(user_id, downloaded_at);
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,                      -- an id unique to one holder (process + session)
  expires_at INTEGER NOT NULL                -- ms since the epoch, the store's clock
) WITHOUT ROWID;
`);
    db.prepare('UPDATE pop_downloaded SET downloaded_at = ?').run(Date.now());
  },
  // 9: IMAP \Recent (RFC 3501 §2.3.2): the highest UID already given to a session as
  // recent. Messages stored before the upgrade count as seen by a session already.
  (db) => {
    db.exec(`
ALTER TABLE mailboxes ADD COLUMN recent_uid INTEGER NOT NULL DEFAULT 0;
UPDATE mailboxes SET recent_uid = uid_next - 1;
`);
  },
  // 10: DSN parameters (RFC 3461) on queued messages and recipients (owned by ./queue.ts).
  (db) => queueDsnSchema(db),
  // 11: URLAUTH mailbox access keys, RFC 4467 §2.4 (schema owned by ./urlauth.ts).
  (db) => urlAuthSchema(db),
  // 12: every change (mail, mailbox, account) journaled with its transaction, so other
  // processes on the data dir publish it to their sessions (./change-journal.ts).
  (db) => {
    db.exec(`
DROP TABLE account_changes;
CREATE TABLE change_journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  origin TEXT NOT NULL,                      -- the store instance (process) that made it
  user_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  change TEXT NOT NULL                       -- the MailChange as JSON
);
CREATE INDEX change_journal_at ON change_journal (at);
`);
  },
  // 13: new bodies enter the trigram index after their append commits, in batches
  // (./text-indexer.ts): text_truncated 2 marks a body not indexed yet, which a search scans
  // in full, like the tail of a long one (1).
  (db) => {
    db.exec(`
DROP INDEX blobs_truncated;
CREATE INDEX blobs_text_unindexed ON blobs(rid) WHERE text_truncated != 0;
CREATE INDEX blobs_text_pending ON blobs(rid) WHERE text_truncated = 2;
`);
  },
  // 14: small bodies kept in the database, written in their message's transaction (one
  // fsync instead of a file's and then the commit's); bigger ones stay files (./blobs.ts).
  // A table of their own keeps the wide blobs rows free of overflow pages. Which bodies
  // are files is in a small index: looking each blob up in blob_bodies would read a page
  // of body bytes per blob.
  (db) => {
    db.exec(`
CREATE TABLE blob_bodies (
  rid INTEGER PRIMARY KEY,                   -- blobs.rid
  body BLOB NOT NULL
);
ALTER TABLE blobs ADD COLUMN body_inline INTEGER NOT NULL DEFAULT 0;
CREATE INDEX blobs_body_files ON blobs(id) WHERE body_inline = 0;
`);
  },
];

/** Migration 7's recomputation, a page of blobs at a time (an open iterator would block the updates). */
function reindexAddresses(db: Database.Database): void {
  const page = db.prepare('SELECT rid, structure FROM blobs WHERE rid > ? ORDER BY rid LIMIT 1000');
  const update = db.prepare(
    `UPDATE blobs SET from_addr = ?, to_addr = ?, cc_addr = ?, from_display = ?, to_display = ?,
     from_text = ?, to_text = ?, cc_text = ?, bcc_text = ?, sent_offset = ? WHERE rid = ?`,
  );
  let last = 0;
  for (;;) {
    const rows = page.all(last) as { rid: number; structure: string }[];
    if (rows.length === 0) return;
    for (const r of rows) {
      last = r.rid;
      let env: Envelope | undefined;
      try {
        env = (JSON.parse(r.structure) as { envelope?: Envelope }).envelope;
      } catch {
        env = undefined;
      }
      if (!env) continue; // unreadable: left as it was
      update.run(
        sortMailbox(env.from),
        sortMailbox(env.to),
        sortMailbox(env.cc),
        displaySortValue(env.from),
        displaySortValue(env.to),
        addressSearchText(env.from),
        addressSearchText(env.to),
        addressSearchText(env.cc),
        addressSearchText(env.bcc),
        parseMailDateZoned(env.date)?.offset ?? null,
        r.rid,
      );
    }
  }
}

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length)
      throw new Error(`store schema ${current} is newer than this program (${MIGRATIONS.length})`);
    for (let v = current; v < MIGRATIONS.length; v++) {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  run.immediate();
}
