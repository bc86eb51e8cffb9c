// The admin facade over the configured store, for the user/alias/domain commands. Rules
// (address syntax, domains created on demand, settings validation) come from the core's
// AccountService; passwords are checked and hashed with src/auth. The store is shared
// with a running server through SQLite WAL; the server reads accounts afresh on each
// login, so a change made here counts at once.
import { createAppPassword, parseAppPasswordProtocols } from '../auth/app-passwords.js';
import { hashPassword } from '../auth/password.js';
import { checkPasswordStrength } from '../auth/password-policy.js';
import type { Config } from '../config/schema.js';
import { AccountService } from '../core/accounts.js';
import { MailError } from '../core/errors.js';
import type { AccountStore } from '../store/types.js';
import type { Admin } from './admin.js';
import { prepareDataDir } from './data-dir.js';
import { openStore } from './store.js';

const MAX_APP_PASSWORD_NAME = 64;

function strongPassword(password: string, address: string): void {
  const r = checkPasswordStrength(password, address);
  if (!r.ok) throw new MailError('Invalid', `password refused: ${r.reason}`);
}

export function createAdmin(store: AccountStore, close: () => Promise<void>): Admin {
  const accounts = new AccountService(store);
  return {
    async addUser(address, password) {
      strongPassword(password, address);
      const user = await accounts.createUser(address, await hashPassword(password));
      return user.address;
    },
    async setPassword(address, password) {
      const user = await accounts.requireUser(address);
      strongPassword(password, user.address);
      await store.setPassword(user.id, await hashPassword(password));
    },
    deleteUser: (address) => accounts.deleteUser(address),
    async listUsers(domain) {
      const users = await accounts.listUsers(domain);
      const out = [];
      for (const u of users) {
        out.push({
          address: u.address,
          quotaBytes: u.quotaBytes,
          quotaMessages: u.quotaMessages,
          usage: await accounts.getUsage(u.id),
        });
      }
      return out;
    },
    async updateUser(address, patch) {
      let user = await accounts.requireUser(address);
      if (patch.settings !== undefined) await accounts.updateSettings(user.id, patch.settings);
      if (patch.quotaBytes !== undefined || patch.quotaMessages !== undefined) {
        await accounts.setQuota(
          user.address,
          patch.quotaBytes !== undefined ? patch.quotaBytes : user.quotaBytes,
          patch.quotaMessages !== undefined ? patch.quotaMessages : user.quotaMessages,
        );
      }
      user = await accounts.requireUser(user.address);
      return { quotaBytes: user.quotaBytes, quotaMessages: user.quotaMessages, ...accounts.settingsOf(user) };
    },
    async addAppPassword(address, name, protocols) {
      const user = await accounts.requireUser(address);
      const trimmed = name.trim();
      if (trimmed === '' || trimmed.length > MAX_APP_PASSWORD_NAME || /[\p{Cc}]/u.test(trimmed))
        throw new MailError(
          'Invalid',
          `app password name must be 1 to ${MAX_APP_PASSWORD_NAME} printable characters`,
        );
      let allowed: string[] | null;
      try {
        allowed = parseAppPasswordProtocols(protocols);
      } catch (e) {
        throw new MailError('Invalid', (e as Error).message);
      }
      if ((await store.listAppPasswords(user.id)).some((p) => p.name === trimmed))
        throw new MailError(
          'AlreadyExists',
          `${user.address} already has an app password named '${trimmed}'`,
        );
      const created = await createAppPassword();
      await store.addAppPassword(user.id, trimmed, created.passwordHash, allowed);
      return created.password;
    },
    async listAppPasswords(address) {
      const user = await accounts.requireUser(address);
      return (await store.listAppPasswords(user.id)).map((p) => ({
        name: p.name,
        protocols: p.protocols,
        createdAt: p.createdAt,
        lastUsedAt: p.lastUsedAt,
      }));
    },
    async deleteAppPassword(address, name) {
      const user = await accounts.requireUser(address);
      await store.deleteAppPassword(user.id, name);
    },
    async addAlias(address, target) {
      await accounts.addAlias(address, target);
    },
    deleteAlias: (address, target) => accounts.deleteAlias(address, target),
    async listAliases(domain) {
      return (await accounts.listAliases(domain)).map((a) => ({ address: a.address, target: a.target }));
    },
    async addDomain(name) {
      await accounts.createDomain(name);
    },
    deleteDomain: (name) => accounts.deleteDomain(name),
    async listDomains() {
      return (await accounts.listDomains()).map((d) => d.name);
    },
    close,
  };
}

export async function openAdmin(config: Config): Promise<Admin> {
  await prepareDataDir(config.dataDir);
  const store = await openStore(config);
  return createAdmin(store.accounts, () => store.close());
}
