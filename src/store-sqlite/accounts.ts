// AccountStore over SQLite: domains, users, aliases, app passwords, usage.
// Nothing is cached: the CLI may change any of it from another process at any time.
import { MailError } from '../core/errors.js';
import type { AccountStore, Alias, AppPassword, Domain, User, UserId } from '../store/types.js';
import type { ChangeLog } from './change-journal.js';
import type { SqliteDb } from './db.js';
import {
  type AliasRow,
  type AppPasswordRow,
  type DomainRow,
  toAlias,
  toAppPassword,
  toDomain,
  toUser,
  type UserRow,
} from './rows.js';
import { insertMailbox, nextModseq } from './shared.js';

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

export function createAccountStore(s: SqliteDb, log: ChangeLog, now: () => number): AccountStore {
  const domainId = (name: string): number => {
    const r = s.stmt('SELECT id FROM domains WHERE name = ?').get(name) as { id: number } | undefined;
    if (!r) throw new MailError('NotFound', `no such domain: ${name}`);
    return r.id;
  };
  const requireUser = (userId: UserId, sql: string, ...args: unknown[]) => {
    const r = s.stmt(sql).run(...args, userId);
    if (r.changes === 0) throw new MailError('NotFound', 'no such user');
  };

  return {
    async createDomain(name): Promise<Domain> {
      return s.tx(() => {
        const at = now();
        const r = s.stmt('INSERT INTO domains (name, created_at) VALUES (?, ?)').run(name, at);
        return { id: Number(r.lastInsertRowid), name, createdAt: new Date(at) };
      });
    },
    async deleteDomain(name) {
      s.tx(() => {
        const id = domainId(name);
        const users = s.stmt('SELECT count(*) AS n FROM users WHERE domain_id = ?').get(id) as { n: number };
        const aliases = s.stmt('SELECT count(*) AS n FROM aliases WHERE domain_id = ?').get(id) as {
          n: number;
        };
        if (users.n > 0 || aliases.n > 0)
          throw new MailError(
            'Invalid',
            `domain ${name} still has ${users.n} users and ${aliases.n} aliases`,
          );
        s.stmt('DELETE FROM domains WHERE id = ?').run(id);
      });
    },
    async listDomains() {
      return s.read(() => (s.stmt('SELECT * FROM domains ORDER BY name').all() as DomainRow[]).map(toDomain));
    },
    async getDomain(name) {
      const r = s.read(
        () => s.stmt('SELECT * FROM domains WHERE name = ?').get(name) as DomainRow | undefined,
      );
      return r ? toDomain(r) : null;
    },

    async createUser(input): Promise<User> {
      return log.tx((emit) => {
        const dom = domainId(domainOf(input.address));
        if (s.stmt('SELECT 1 FROM users WHERE address = ?').get(input.address))
          throw new MailError('AlreadyExists', `user ${input.address} exists`);
        const at = now();
        const r = s
          .stmt(
            'INSERT INTO users (address, domain_id, password_hash, quota_bytes, quota_messages, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
          )
          .get(
            input.address,
            dom,
            input.passwordHash,
            input.quotaBytes ?? null,
            input.quotaMessages ?? null,
            JSON.stringify(input.settings ?? {}),
            at,
          ) as UserRow;
        const modseq = nextModseq(s, r.id);
        const boxes = input.mailboxes.some((m) => m.name === 'INBOX')
          ? input.mailboxes
          : [{ name: 'INBOX', specialUse: null, subscribed: true }, ...input.mailboxes];
        for (const m of boxes)
          for (const c of insertMailbox(s, r.id, m.name, m.specialUse, m.subscribed, modseq, at).changes)
            emit(c);
        return toUser(r);
      });
    },
    async getUser(address) {
      const r = s.read(
        () => s.stmt('SELECT * FROM users WHERE address = ?').get(address) as UserRow | undefined,
      );
      return r ? toUser(r) : null;
    },
    async getUserById(id) {
      const r = s.read(() => s.stmt('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined);
      return r ? toUser(r) : null;
    },
    async listUsers(domain) {
      const rows = s.read(() =>
        domain === undefined
          ? (s.stmt('SELECT * FROM users ORDER BY address').all() as UserRow[])
          : (s
              .stmt(
                'SELECT u.* FROM users u JOIN domains d ON d.id = u.domain_id WHERE d.name = ? ORDER BY u.address',
              )
              .all(domain) as UserRow[]),
      );
      return rows.map(toUser);
    },
    async countUsers() {
      return s.read(() => (s.stmt('SELECT count(*) AS n FROM users').get() as { n: number }).n);
    },
    async setPassword(userId, passwordHash) {
      log.tx((emit) => {
        requireUser(userId, 'UPDATE users SET password_hash = ? WHERE id = ?', passwordHash);
        emit({ type: 'account', userId, action: 'password' });
      });
    },
    async updateSettings(userId, settings) {
      log.tx((emit) => {
        requireUser(userId, 'UPDATE users SET settings = ? WHERE id = ?', JSON.stringify(settings));
        emit({ type: 'account', userId, action: 'settings' });
      });
    },
    async setQuota(userId, quotaBytes, quotaMessages) {
      log.tx((emit) => {
        requireUser(
          userId,
          'UPDATE users SET quota_bytes = ?, quota_messages = ? WHERE id = ?',
          quotaBytes,
          quotaMessages,
        );
        emit({ type: 'account', userId, action: 'settings' });
      });
    },
    async deleteUser(userId) {
      log.tx((emit) => {
        const u = s.stmt('SELECT address FROM users WHERE id = ?').get(userId) as
          | { address: string }
          | undefined;
        if (!u) throw new MailError('NotFound', 'no such user');
        s.stmt('DELETE FROM aliases WHERE target = ?').run(u.address);
        // Messages first (their mailboxes cascade too); blobs stay for collectGarbage.
        s.stmt('DELETE FROM messages WHERE user_id = ?').run(userId);
        s.stmt('DELETE FROM users WHERE id = ?').run(userId);
        emit({ type: 'account', userId, action: 'delete' });
      });
    },
    async getUsage(userId) {
      const r = s.read(
        () =>
          s
            .stmt('SELECT used_bytes AS bytes, used_messages AS messages FROM users WHERE id = ?')
            .get(userId) as { bytes: number; messages: number } | undefined,
      );
      if (!r) throw new MailError('NotFound', 'no such user');
      return r;
    },

    async addAlias(address, target): Promise<Alias> {
      return s.tx(() => {
        const dom = domainId(domainOf(address));
        const at = now();
        const r = s
          .stmt(
            'INSERT INTO aliases (address, domain_id, target, created_at) VALUES (?, ?, ?, ?) RETURNING *',
          )
          .get(address, dom, target, at) as AliasRow;
        return toAlias(r);
      });
    },
    async deleteAlias(address, target) {
      s.tx(() => {
        const r =
          target === undefined
            ? s.stmt('DELETE FROM aliases WHERE address = ?').run(address)
            : s.stmt('DELETE FROM aliases WHERE address = ? AND target = ?').run(address, target);
        if (r.changes === 0) throw new MailError('NotFound', `no such alias: ${address}`);
      });
    },
    async listAliases(domain) {
      const rows = s.read(() =>
        domain === undefined
          ? (s.stmt('SELECT * FROM aliases ORDER BY address, target').all() as AliasRow[])
          : (s
              .stmt(
                'SELECT a.* FROM aliases a JOIN domains d ON d.id = a.domain_id WHERE d.name = ? ORDER BY a.address, a.target',
              )
              .all(domain) as AliasRow[]),
      );
      return rows.map(toAlias);
    },
    async findAliases(address) {
      return s.read(() =>
        (s.stmt('SELECT * FROM aliases WHERE address = ? ORDER BY id').all(address) as AliasRow[]).map(
          toAlias,
        ),
      );
    },

    async addAppPassword(userId, name, passwordHash, protocols): Promise<AppPassword> {
      return s.tx(() => {
        const r = s
          .stmt(
            'INSERT INTO app_passwords (user_id, name, password_hash, protocols, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
          )
          .get(
            userId,
            name,
            passwordHash,
            protocols === null ? null : JSON.stringify(protocols),
            now(),
          ) as AppPasswordRow;
        return toAppPassword(r);
      });
    },
    async listAppPasswords(userId) {
      return s.read(() =>
        (
          s
            .stmt('SELECT * FROM app_passwords WHERE user_id = ? ORDER BY name')
            .all(userId) as AppPasswordRow[]
        ).map(toAppPassword),
      );
    },
    async deleteAppPassword(userId, name) {
      s.tx(() => {
        const r = s.stmt('DELETE FROM app_passwords WHERE user_id = ? AND name = ?').run(userId, name);
        if (r.changes === 0) throw new MailError('NotFound', `no app password named ${name}`);
      });
    },
    async touchAppPassword(id, at) {
      s.tx(() => s.stmt('UPDATE app_passwords SET last_used_at = ? WHERE id = ?').run(at.getTime(), id));
    },
  };
}
