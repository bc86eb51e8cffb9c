// Mailbox operations with the IMAP rules that are not the store's business:
// INBOX is special (RFC 9051 §5.1, §6.3.5, §6.3.6), names are validated and normalised.
import type { Mailbox, SpecialUse, Store, UserId } from '../store/types.js';
import { isMailError, MailError } from './errors.js';
import { isInbox, normalizeMailboxName } from './mailbox-name.js';

/** Messages moved per transaction when INBOX is renamed. */
const RENAME_PAGE = 5000;

export class MailboxService {
  constructor(private readonly store: Store) {}

  list(userId: UserId): Promise<Mailbox[]> {
    return this.store.mail.listMailboxes(userId);
  }
  get(userId: UserId, name: string): Promise<Mailbox | null> {
    let n: string;
    try {
      n = normalizeMailboxName(name);
    } catch {
      return Promise.resolve(null);
    }
    return this.store.mail.getMailbox(userId, n);
  }
  async require(userId: UserId, name: string): Promise<Mailbox> {
    const m = await this.get(userId, name);
    if (!m) throw new MailError('NotFound', `no mailbox ${name}`);
    return m;
  }
  getById(id: number): Promise<Mailbox | null> {
    return this.store.mail.getMailboxById(id);
  }
  /** The user's mailbox with this special use (the first by name when several). */
  async bySpecialUse(userId: UserId, use: SpecialUse): Promise<Mailbox | null> {
    return (await this.list(userId)).find((m) => m.specialUse === use) ?? null;
  }

  async create(
    userId: UserId,
    name: string,
    specialUse: SpecialUse | null = null,
    subscribe = false,
  ): Promise<Mailbox> {
    return this.store.mail.createMailbox(userId, normalizeMailboxName(name), specialUse, subscribe);
  }

  /**
   * RFC 9051 §6.3.6. Renaming INBOX moves all its messages to a new mailbox with the
   * given name and leaves INBOX empty (its children stay where they are).
   */
  async rename(userId: UserId, from: string, to: string): Promise<void> {
    const src = normalizeMailboxName(from);
    const dst = normalizeMailboxName(to);
    if (isInbox(dst)) throw new MailError('AlreadyExists', 'INBOX always exists');
    if (!isInbox(src)) return this.store.mail.renameMailbox(userId, src, dst);
    const inbox = await this.require(userId, 'INBOX');
    const target = await this.store.mail.createMailbox(userId, dst, null, false);
    for (;;) {
      const page = await this.store.mail.messages(
        inbox.id,
        [{ start: 1, end: Number.POSITIVE_INFINITY }],
        RENAME_PAGE,
      );
      if (page.length === 0) break;
      const last = page[page.length - 1]!.uid;
      await this.store.mail.move(userId, inbox.id, [{ start: page[0]!.uid, end: last }], target.id);
    }
  }

  /**
   * RFC 9051 §6.3.5: INBOX cannot be deleted; children are never deleted with their
   * parent (the parent's name then lists as \NonExistent / \Noselect).
   */
  async delete(userId: UserId, name: string): Promise<void> {
    const n = normalizeMailboxName(name);
    if (isInbox(n)) throw new MailError('NoPermission', 'INBOX cannot be deleted');
    await this.store.mail.deleteMailbox(userId, n);
  }

  async subscribe(userId: UserId, name: string): Promise<void> {
    return this.store.mail.setSubscribed(userId, normalizeMailboxName(name), true);
  }
  async unsubscribe(userId: UserId, name: string): Promise<void> {
    let n: string;
    try {
      n = normalizeMailboxName(name);
    } catch (e) {
      if (isMailError(e, 'Invalid')) return; // never stored, nothing to remove
      throw e;
    }
    return this.store.mail.setSubscribed(userId, n, false);
  }
  listSubscriptions(userId: UserId): Promise<string[]> {
    return this.store.mail.listSubscriptions(userId);
  }
}
