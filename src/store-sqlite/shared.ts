// Small write helpers shared by the account and mail halves; each runs inside a caller's
// transaction.
import { MailError } from '../core/errors.js';
import type { MailChange, SpecialUse, UserId } from '../store/types.js';
import type { SqliteDb } from './db.js';

/** Takes the user's next MODSEQ (one per transaction). NotFound when the user is gone. */
export function nextModseq(s: SqliteDb, userId: UserId): number {
  const r = s.stmt('UPDATE users SET modseq = modseq + 1 WHERE id = ? RETURNING modseq').get(userId) as
    | { modseq: number }
    | undefined;
  if (!r) throw new MailError('NotFound', 'no such user');
  return r.modseq;
}

/** The next UIDVALIDITY from the global counter; never reused, even across users. */
export function nextUidValidity(s: SqliteDb): number {
  const r = s.stmt("UPDATE meta SET value = value + 1 WHERE key = 'uidvalidity' RETURNING value").get() as {
    value: number;
  };
  if (r.value > 0xffffffff) throw new MailError('Limit', 'UIDVALIDITY space exhausted');
  return r.value;
}

/** Parent names of a path: 'a/b/c' -> ['a', 'a/b']. */
export function parentsOf(name: string): string[] {
  const parts = name.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/**
 * Inserts one mailbox (and its missing parents) inside a transaction. Returns the change
 * events to publish after commit. AlreadyExists when `name` itself exists.
 */
export function insertMailbox(
  s: SqliteDb,
  userId: UserId,
  name: string,
  specialUse: SpecialUse | null,
  subscribe: boolean,
  modseq: number,
  now: number,
): { id: number; changes: MailChange[] } {
  const exists = s.stmt('SELECT id FROM mailboxes WHERE user_id = ? AND name = ?');
  if (exists.get(userId, name)) throw new MailError('AlreadyExists', `mailbox ${name} exists`);
  const ins = s.stmt(
    'INSERT INTO mailboxes (user_id, name, uid_validity, highest_modseq, special_use, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const changes: MailChange[] = [];
  for (const p of parentsOf(name)) {
    if (exists.get(userId, p)) continue;
    const r = ins.run(userId, p, nextUidValidity(s), modseq, null, now);
    changes.push({
      type: 'mailbox',
      userId,
      mailboxId: Number(r.lastInsertRowid),
      action: 'create',
      name: p,
      modseq,
    });
  }
  const r = ins.run(userId, name, nextUidValidity(s), modseq, specialUse, now);
  const id = Number(r.lastInsertRowid);
  changes.push({ type: 'mailbox', userId, mailboxId: id, action: 'create', name, modseq });
  if (subscribe) {
    s.stmt('INSERT OR IGNORE INTO subscriptions (user_id, name) VALUES (?, ?)').run(userId, name);
    changes.push({ type: 'mailbox', userId, mailboxId: id, action: 'subscribe', name, modseq });
  }
  return { id, changes };
}
