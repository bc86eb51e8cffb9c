// Sieve scripts per user (RFC 5804 model: many scripts, at most one active) and the
// vacation reply log (RFC 5230 §4.2: one reply per sender per handle per period).
import type { UserId } from './types.js';

export interface SieveScriptRecord {
  name: string;
  content: string;
  active: boolean;
  updatedAt: Date;
}

export interface SieveStore {
  listScripts(userId: UserId): Promise<SieveScriptRecord[]>;
  getScript(userId: UserId, name: string): Promise<SieveScriptRecord | null>;
  activeScript(userId: UserId): Promise<SieveScriptRecord | null>;
  /** Creates or replaces the content (the active flag stays as it was). */
  putScript(userId: UserId, name: string, content: string, now: Date): Promise<void>;
  /** NotFound when missing; InUse when it is the active script (RFC 5804 §2.10). */
  deleteScript(userId: UserId, name: string): Promise<void>;
  /** NotFound / AlreadyExists. */
  renameScript(userId: UserId, from: string, to: string): Promise<void>;
  /** Makes `name` the only active script; null deactivates all. NotFound when missing. */
  setActive(userId: UserId, name: string | null): Promise<void>;
  /**
   * Vacation log: true (and records the reply) when no reply went to `sender` for
   * `handle` within the period; false otherwise. Atomic.
   */
  recordVacationReply(
    userId: UserId,
    sender: string,
    handle: string,
    now: Date,
    periodSeconds: number,
  ): Promise<boolean>;
}
