// Mailbox listings for POP snapshots, kept between sessions: a client polling a maildrop
// that has not changed then costs one mailbox list, not a page through every message.
//
// A listing is valid while its mailbox has the same UIDVALIDITY and HIGHESTMODSEQ: every
// append, expunge, move or flag change in a mailbox raises its highestModseq (store
// contract, RFC 7162), and both are read from the store at each login, so a change made
// by any process invalidates it. Bounded: at most `maxEntries` messages in all, least
// recently used mailbox out first; a larger mailbox is simply never kept.

import type { Mailbox, MailboxId } from '../../store/types.js';

/** One message as a POP snapshot needs it. */
export interface ListedMessage {
  readonly uidl: string;
  readonly size: number;
  readonly mailboxId: MailboxId;
  readonly uid: number;
  /** Internal date, ms since the epoch. */
  readonly date: number;
}

interface Cached {
  uidValidity: number;
  modseq: number;
  list: readonly ListedMessage[];
}

export const DEFAULT_LISTING_CACHE_ENTRIES = 100_000;

export class ListingCache {
  private readonly boxes = new Map<MailboxId, Cached>();
  private total = 0;

  constructor(private readonly maxEntries = DEFAULT_LISTING_CACHE_ENTRIES) {}

  /** The listing of `box` as it is now, or null. */
  get(box: Pick<Mailbox, 'id' | 'uidValidity' | 'highestModseq'>): readonly ListedMessage[] | null {
    const c = this.boxes.get(box.id);
    if (!c) return null;
    if (c.uidValidity !== box.uidValidity || c.modseq !== box.highestModseq) {
      this.drop(box.id, c);
      return null;
    }
    // Most recently used last (Map keeps insertion order).
    this.boxes.delete(box.id);
    this.boxes.set(box.id, c);
    return c.list;
  }

  set(box: Pick<Mailbox, 'id' | 'uidValidity' | 'highestModseq'>, list: readonly ListedMessage[]): void {
    const old = this.boxes.get(box.id);
    if (old) this.drop(box.id, old);
    if (list.length > this.maxEntries / 4) return;
    for (const [id, c] of this.boxes) {
      if (this.total + list.length <= this.maxEntries) break;
      this.drop(id, c);
    }
    this.boxes.set(box.id, { uidValidity: box.uidValidity, modseq: box.highestModseq, list });
    this.total += list.length;
  }

  /** Messages held, for tests. */
  get size(): number {
    return this.total;
  }

  private drop(id: MailboxId, c: Cached): void {
    this.boxes.delete(id);
    this.total -= c.list.length;
  }
}
