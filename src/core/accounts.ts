// Accounts over the store: users with their standard mailboxes, domains, aliases,
// recipient resolution (exact user, alias, plus-addressing, catch-all), typed settings.
// The core receives password hashes only; hashing lives in src/auth.
import type { AccountStore, Alias, NewUser, SpecialUse, User, UserId } from '../store/types.js';
import { normalizeDomain, parseAddress } from './address.js';
import { isMailError, MailError } from './errors.js';
import { mergeSettings, readSettings, type UserSettings } from './settings.js';

/** Created, and subscribed, for every new user in the same transaction. */
export const DEFAULT_MAILBOXES: { name: string; specialUse: SpecialUse | null }[] = [
  { name: 'INBOX', specialUse: null },
  { name: 'Drafts', specialUse: '\\Drafts' },
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Trash', specialUse: '\\Trash' },
  { name: 'Junk', specialUse: '\\Junk' },
  { name: 'Archive', specialUse: '\\Archive' },
];

/** Alias chains longer than this are refused (and loops are cut). */
export const MAX_ALIAS_DEPTH = 8;

export interface LocalRecipient {
  user: User;
  /** The address as given (normalised), e.g. 'bob+news@example.test'. */
  rcpt: string;
  /** Sub-address tag from plus-addressing (for Sieve subaddress, RFC 5233), or null. */
  detail: string | null;
}

export interface Resolution {
  local: LocalRecipient[];
  /** Targets outside our domains (aliases forwarding elsewhere). */
  external: string[];
}

export class AccountService {
  constructor(private readonly store: AccountStore) {}

  async createDomain(name: string) {
    return this.store.createDomain(normalizeDomain(name));
  }
  async deleteDomain(name: string) {
    return this.store.deleteDomain(normalizeDomain(name));
  }
  listDomains() {
    return this.store.listDomains();
  }
  async isLocalDomain(name: string): Promise<boolean> {
    return (await this.store.getDomain(normalizeDomain(name))) !== null;
  }

  /** Creates the user (and its domain when new) with the standard mailboxes. */
  async createUser(
    address: string,
    passwordHash: string,
    opts: Pick<NewUser, 'quotaBytes' | 'quotaMessages' | 'settings'> = {},
  ): Promise<User> {
    const a = parseAddress(address);
    if (a.local.includes('+'))
      throw new MailError('Invalid', `'+' is reserved for sub-addressing: ${address}`);
    await this.ensureDomain(a.domain);
    return this.store.createUser({
      address: a.address,
      passwordHash,
      ...opts,
      mailboxes: DEFAULT_MAILBOXES.map((m) => ({ ...m, subscribed: true })),
    });
  }

  private async ensureDomain(domain: string): Promise<void> {
    if (await this.store.getDomain(domain)) return;
    try {
      await this.store.createDomain(domain);
    } catch (e) {
      // Another process (CLI and server) may have created it meanwhile.
      if (!isMailError(e, 'AlreadyExists')) throw e;
    }
  }

  async getUser(address: string): Promise<User | null> {
    let a: string;
    try {
      a = parseAddress(address).address;
    } catch {
      return null;
    }
    return this.store.getUser(a);
  }
  async requireUser(address: string): Promise<User> {
    const u = await this.getUser(address);
    if (!u) throw new MailError('NotFound', `no such user: ${address}`);
    return u;
  }
  getUserById(id: UserId) {
    return this.store.getUserById(id);
  }
  listUsers(domain?: string) {
    return this.store.listUsers(domain === undefined ? undefined : normalizeDomain(domain));
  }
  countUsers() {
    return this.store.countUsers();
  }
  async setPassword(address: string, passwordHash: string) {
    const u = await this.requireUser(address);
    await this.store.setPassword(u.id, passwordHash);
  }
  async deleteUser(address: string) {
    const u = await this.requireUser(address);
    await this.store.deleteUser(u.id);
  }
  async setQuota(address: string, bytes: number | null, messages: number | null) {
    for (const v of [bytes, messages])
      if (v !== null && (!Number.isSafeInteger(v) || v < 0))
        throw new MailError('Invalid', 'quota must be >= 0');
    const u = await this.requireUser(address);
    await this.store.setQuota(u.id, bytes, messages);
  }
  getUsage(userId: UserId) {
    return this.store.getUsage(userId);
  }

  /** Settings with defaults applied (never throws on stored junk). */
  settingsOf(user: User): UserSettings {
    return readSettings(user.settings, user.createdAt);
  }
  async getSettings(userId: UserId): Promise<UserSettings> {
    const u = await this.store.getUserById(userId);
    if (!u) throw new MailError('NotFound', 'no such user');
    return this.settingsOf(u);
  }
  /** Validates and stores a partial change; returns the full result. */
  async updateSettings(userId: UserId, patch: unknown): Promise<UserSettings> {
    const current = await this.getSettings(userId);
    const next = mergeSettings(current, patch);
    // POP being switched on restarts the 'since-enabled' window.
    if (next.popEnabled && !current.popEnabled && !hasEnabledAt(patch))
      next.pop.enabledAt = new Date().toISOString();
    await this.store.updateSettings(userId, next);
    return next;
  }

  /** Adds an alias; `address` may be '@domain' (catch-all); the domain must be ours. */
  async addAlias(address: string, target: string): Promise<Alias> {
    const a = parseAddress(address, true);
    const t = parseAddress(target).address;
    if (a.address === t) throw new MailError('Invalid', 'an alias cannot point to itself');
    if (!(await this.store.getDomain(a.domain)))
      throw new MailError('NotFound', `not a local domain: ${a.domain}`);
    return this.store.addAlias(a.address, t);
  }
  async deleteAlias(address: string, target?: string) {
    const a = parseAddress(address, true).address;
    return this.store.deleteAlias(a, target === undefined ? undefined : parseAddress(target).address);
  }
  listAliases(domain?: string) {
    return this.store.listAliases(domain === undefined ? undefined : normalizeDomain(domain));
  }

  /**
   * Who receives mail sent to `address`: the exact user, else its aliases, else the
   * plus-addressed base (`user+tag@`), else the domain's catch-all. Alias chains are
   * followed up to MAX_ALIAS_DEPTH; loops end where an address repeats.
   * Returns empty lists for an unknown local address; Invalid for a bad address.
   */
  async resolveRecipient(address: string): Promise<Resolution> {
    const a = parseAddress(address);
    const out: Resolution = { local: [], external: [] };
    const seenUsers = new Set<UserId>();
    const visited = new Set<string>();
    const walk = async (addr: string, detail: string | null, depth: number): Promise<void> => {
      if (visited.has(addr)) return; // a loop, or a second path to the same place
      visited.add(addr);
      if (depth > MAX_ALIAS_DEPTH) throw new MailError('Limit', `alias chain too long at ${addr}`);
      const p = parseAddress(addr, true);
      if (!(await this.store.getDomain(p.domain))) {
        out.external.push(addr);
        return;
      }
      const user = await this.store.getUser(p.address);
      if (user) {
        if (!seenUsers.has(user.id)) {
          seenUsers.add(user.id);
          out.local.push({ user, rcpt: a.address, detail });
        }
        return;
      }
      const aliases = await this.store.findAliases(p.address);
      if (aliases.length) {
        for (const al of aliases) await walk(al.target, detail, depth + 1);
        return;
      }
      const plus = p.local.indexOf('+');
      if (plus > 0) {
        const base = `${p.local.slice(0, plus)}@${p.domain}`;
        const before = out.local.length + out.external.length;
        await walk(base, detail ?? p.local.slice(plus + 1), depth);
        if (out.local.length + out.external.length > before) return;
      }
      if (depth === 0) {
        for (const al of await this.store.findAliases(`@${p.domain}`))
          await walk(al.target, detail, depth + 1);
      }
    };
    await walk(a.address, null, 0);
    return out;
  }
}

function hasEnabledAt(patch: unknown): boolean {
  return (
    typeof patch === 'object' &&
    patch !== null &&
    'pop' in patch &&
    typeof patch.pop === 'object' &&
    patch.pop !== null &&
    'enabledAt' in patch.pop
  );
}
