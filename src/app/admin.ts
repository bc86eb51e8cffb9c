// The administration facade the `user`, `alias` and `domain` commands use. It opens the
// same store as the server (the server sees each change at once: nothing about accounts
// is cached) and goes through the core so rules live in one place.
import type { Usage } from '../store/types.js';

export interface UserSummary {
  address: string;
  quotaBytes: number | null;
  quotaMessages: number | null;
  usage: Usage;
}

export interface AppPasswordSummary {
  name: string;
  /** null: every protocol. */
  protocols: string[] | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface AliasSummary {
  address: string;
  target: string;
}

/** Per-user settings the CLI can change (`postroom user set`). Absent: unchanged. */
export interface UserSettingsPatch {
  quotaBytes?: number | null;
  quotaMessages?: number | null;
  settings?: Record<string, unknown>;
}

export interface Admin {
  /** Creates the user (and the domain when new); returns the normalised address. */
  addUser(address: string, password: string): Promise<string>;
  setPassword(address: string, password: string): Promise<void>;
  deleteUser(address: string): Promise<void>;
  listUsers(domain?: string): Promise<UserSummary[]>;
  /** Applies the patch; returns the user's settings afterwards. */
  updateUser(address: string, patch: UserSettingsPatch): Promise<Record<string, unknown>>;

  /** Creates an app password and returns it (shown once, stored hashed). */
  addAppPassword(address: string, name: string, protocols: string[] | null): Promise<string>;
  listAppPasswords(address: string): Promise<AppPasswordSummary[]>;
  deleteAppPassword(address: string, name: string): Promise<void>;

  addAlias(address: string, target: string): Promise<void>;
  deleteAlias(address: string, target?: string): Promise<void>;
  listAliases(domain?: string): Promise<AliasSummary[]>;

  addDomain(name: string): Promise<void>;
  deleteDomain(name: string): Promise<void>;
  listDomains(): Promise<string[]>;

  close(): Promise<void>;
}
