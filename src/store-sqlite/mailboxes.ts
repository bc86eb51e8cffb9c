// Mailbox hierarchy ('/' delimiter), subscriptions (their own table: a subscription may
// name a mailbox that does not exist, RFC 9051 §6.3.9), create/rename/delete.
import { MailError } from '../core/errors.js';
import type { MailStore, SpecialUse, UserId } from '../store/types.js';
import type { ChangeLog } from './change-journal.js';
import type { SqliteDb } from './db.js';
import { MAILBOX_COLUMNS, type MailboxRow, toMailbox } from './rows.js';
import { insertMailbox, nextModseq, parentsOf } from './shared.js';

type MailboxOps = Pick<
  MailStore,
  | 'listMailboxes'
  | 'getMailbox'
  | 'getMailboxById'
  | 'createMailbox'
  | 'renameMailbox'
  | 'deleteMailbox'
  | 'setSubscribed'
  | 'listSubscriptions'
  | 'claimRecent'
>;

// Children of 'a' are the names in ['a/', 'a0'): '0' is the character after '/'.
const CHILD_RANGE = "(name = ? OR (name >= ? || '/' AND name < ? || '0'))";

export function createMailboxOps(s: SqliteDb, log: ChangeLog, now: () => number): MailboxOps {
  const byName = (userId: UserId, name: string) =>
    s
      .stmt(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes x WHERE x.user_id = ? AND x.name = ?`)
      .get(userId, name) as MailboxRow | undefined;

  return {
    async listMailboxes(userId) {
      return s.read(() =>
        (
          s
            .stmt(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes x WHERE x.user_id = ? ORDER BY x.name`)
            .all(userId) as MailboxRow[]
        ).map(toMailbox),
      );
    },
    async getMailbox(userId, name) {
      const r = s.read(() => byName(userId, name));
      return r ? toMailbox(r) : null;
    },
    async getMailboxById(id) {
      const r = s.read(
        () =>
          s.stmt(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes x WHERE x.id = ?`).get(id) as
            | MailboxRow
            | undefined,
      );
      return r ? toMailbox(r) : null;
    },
    async createMailbox(userId, name, specialUse: SpecialUse | null, subscribe) {
      const row = log.tx((emit) => {
        const modseq = nextModseq(s, userId);
        for (const c of insertMailbox(s, userId, name, specialUse, subscribe, modseq, now()).changes) emit(c);
        return byName(userId, name)!;
      });
      return toMailbox(row);
    },
    async renameMailbox(userId, from, to) {
      if (from === to) throw new MailError('AlreadyExists', `mailbox ${to} exists`);
      if (to.startsWith(`${from}/`)) throw new MailError('Invalid', 'cannot rename a mailbox into itself');
      log.tx((emit) => {
        if (!byName(userId, from)) throw new MailError('NotFound', `no mailbox ${from}`);
        if (byName(userId, to)) throw new MailError('AlreadyExists', `mailbox ${to} exists`);
        const modseq = nextModseq(s, userId);
        const at = now();
        const moving = s
          .stmt(`SELECT id, name FROM mailboxes WHERE user_id = ? AND ${CHILD_RANGE} ORDER BY name`)
          .all(userId, from, from, from) as { id: number; name: string }[];
        const update = s.stmt('UPDATE mailboxes SET name = ?, highest_modseq = ? WHERE id = ?');
        const clash = s.stmt('SELECT 1 FROM mailboxes WHERE user_id = ? AND name = ?');
        for (const m of moving) {
          const name = to + m.name.slice(from.length);
          if (m.name !== from && clash.get(userId, name))
            throw new MailError('AlreadyExists', `mailbox ${name} exists`);
          // Park under a temporary name first so (user_id, name) stays unique mid-rename.
          update.run(`\u0000${m.id}`, modseq, m.id);
        }
        for (const m of moving) {
          const name = to + m.name.slice(from.length);
          update.run(name, modseq, m.id);
          emit({ type: 'mailbox', userId, mailboxId: m.id, action: 'rename', name, modseq });
        }
        // Missing parents of the new name (RFC 9051 §6.3.6: create superior names as needed).
        for (const p of parentsOf(to)) {
          if (!byName(userId, p))
            for (const c of insertMailbox(s, userId, p, null, false, modseq, at).changes) emit(c);
        }
        // Subscriptions follow the mailboxes they named.
        const subs = s
          .stmt(`SELECT name FROM subscriptions WHERE user_id = ? AND ${CHILD_RANGE}`)
          .all(userId, from, from, from) as { name: string }[];
        const delSub = s.stmt('DELETE FROM subscriptions WHERE user_id = ? AND name = ?');
        const addSub = s.stmt('INSERT OR IGNORE INTO subscriptions (user_id, name) VALUES (?, ?)');
        for (const sub of subs) {
          delSub.run(userId, sub.name);
          addSub.run(userId, to + sub.name.slice(from.length));
        }
      });
    },
    async deleteMailbox(userId, name) {
      log.tx((emit) => {
        const m = byName(userId, name);
        if (!m) throw new MailError('NotFound', `no mailbox ${name}`);
        const modseq = nextModseq(s, userId);
        s.stmt(
          'UPDATE users SET used_bytes = used_bytes - ?, used_messages = used_messages - ? WHERE id = ?',
        ).run(m.size, m.messages, userId);
        s.stmt('DELETE FROM messages WHERE mailbox_id = ?').run(m.id);
        s.stmt('DELETE FROM mailboxes WHERE id = ?').run(m.id);
        emit({ type: 'mailbox', userId, mailboxId: m.id, action: 'delete', name, modseq });
      });
    },
    async setSubscribed(userId, name, subscribed) {
      log.tx((emit) => {
        const user = s.stmt('SELECT modseq FROM users WHERE id = ?').get(userId) as
          | { modseq: number }
          | undefined;
        if (!user) throw new MailError('NotFound', 'no such user');
        const changed = subscribed
          ? s.stmt('INSERT OR IGNORE INTO subscriptions (user_id, name) VALUES (?, ?)').run(userId, name)
              .changes
          : s.stmt('DELETE FROM subscriptions WHERE user_id = ? AND name = ?').run(userId, name).changes;
        const box = s.stmt('SELECT id FROM mailboxes WHERE user_id = ? AND name = ?').get(userId, name) as
          | { id: number }
          | undefined;
        if (changed)
          emit({
            type: 'mailbox',
            userId,
            mailboxId: box?.id ?? 0,
            action: subscribed ? 'subscribe' : 'unsubscribe',
            name,
            modseq: user.modseq,
          });
      });
    },
    async claimRecent(mailboxId, upToUid) {
      // One IMMEDIATE transaction: read and raise together, so two sessions (or two
      // processes) never both get a UID. Capped at the last UID handed out. Most SELECTs
      // have nothing to claim: a plain read says so without taking the write lock.
      const claimable = (): { start: number; end: number } | null => {
        const r = s.stmt('SELECT recent_uid, uid_next FROM mailboxes WHERE id = ?').get(mailboxId) as
          | { recent_uid: number; uid_next: number }
          | undefined;
        if (!r) return null;
        const upTo = Math.min(upToUid, r.uid_next - 1);
        return upTo > r.recent_uid ? { start: r.recent_uid + 1, end: upTo } : null;
      };
      if (!s.read(claimable)) return null;
      return s.tx(() => {
        const c = claimable();
        if (!c) return null;
        s.stmt('UPDATE mailboxes SET recent_uid = ? WHERE id = ?').run(c.end, mailboxId);
        return c;
      });
    },
    async listSubscriptions(userId) {
      return s.read(() =>
        (
          s.stmt('SELECT name FROM subscriptions WHERE user_id = ? ORDER BY name').all(userId) as {
            name: string;
          }[]
        ).map((r) => r.name),
      );
    },
  };
}
