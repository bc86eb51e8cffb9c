// URLAUTH mailbox access keys (RFC 4467 §2.4): one random secret per mailbox of a user,
// keyed into the HMAC that authorizes an IMAP URL. Deleting a key (RESETKEY, RFC 4467
// §7.1) revokes every URL authorized with it; a deleted mailbox loses its key.
import type { MailboxId, UserId } from './types.js';

export interface UrlAuthKeyStore {
  /** The key of (user, mailbox), or null when none was made or it was reset. */
  getUrlAuthKey(userId: UserId, mailboxId: MailboxId): Promise<Buffer | null>;
  /**
   * Stores `key` for (user, mailbox) unless a key exists, and returns the stored key (the
   * existing one wins, so two sessions generating at once agree). NotFound when the
   * mailbox does not exist or is not the user's.
   */
  ensureUrlAuthKey(userId: UserId, mailboxId: MailboxId, key: Buffer): Promise<Buffer>;
  /** Deletes the key of one mailbox, or every key of the user; returns how many. */
  deleteUrlAuthKeys(userId: UserId, mailboxId?: MailboxId): Promise<number>;
}
