// One copy in Sent, whichever way it arrives (CLIENT-QUIRKS §5): SMTP submission files a
// server-side copy, and many clients also APPEND the same message to Sent. Both paths call
// appendOnce(): a message whose Message-ID matches one saved into the same \Sent mailbox
// within the window is not stored again; the caller gets the existing message's UID
// (IMAP answers APPENDUID with it). Works in both orders, and across processes, because the
// check reads the store; a per-key lock closes the race inside one process. IMAP APPEND
// and MULTIAPPEND (RFC 3502) call appendAllOnce(), which dedupes each message the same way.
import type { AppendResult, Mailbox, NewMessage, Store, UserId } from '../store/types.js';
import type { Ingested, RawSource } from './ingest.js';
import { type AppendInput, type MessageService, validateFlags } from './messages.js';
import type { SieveService } from './sieve.js';

/** Default window: a client APPENDs its copy seconds after sending; 10 minutes is generous. */
export const SENT_DEDUPE_WINDOW_MS = 10 * 60 * 1000;

export interface AppendOnceResult extends AppendResult {
  /** True when an existing copy was found and nothing was stored. */
  duplicate: boolean;
}

export class SentCopies {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly messages: MessageService,
    private readonly clock: () => Date = () => new Date(),
    private readonly windowMs = SENT_DEDUPE_WINDOW_MS,
    /** Files the Sent copy by the user's script with direction "outgoing" (docs/sieve.md). */
    private readonly sieve?: SieveService,
  ) {}

  /**
   * Appends `source` to `mailbox`. When the mailbox is \Sent and a message with the same
   * Message-ID was saved there within the window, returns that message instead.
   * `filter` (the server-side copy of SMTP submission only, never IMAP APPEND, whose
   * APPENDUID must name the mailbox asked for) lets an outgoing Sieve rule file it.
   */
  async appendOnce(
    userId: UserId,
    mailbox: Mailbox,
    source: RawSource,
    opts: { flags?: string[]; internalDate?: Date; filter?: boolean } = {},
  ): Promise<AppendOnceResult> {
    const ingested = await this.messages.ingest(source);
    const messageId = ingested.meta.messageId;
    const append = async (): Promise<AppendOnceResult> => {
      const threadId = await this.messages.threadFor(userId, ingested);
      const target = opts.filter
        ? await this.sentTarget(userId, mailbox, ingested.meta)
        : { mailboxId: mailbox.id, meta: ingested.meta };
      const [r] = await this.store.mail.append(userId, target.mailboxId, [
        {
          blob: target.meta,
          flags: opts.flags ?? [],
          internalDate: opts.internalDate ?? this.clock(),
          threadId,
        },
      ]);
      return { ...r!, duplicate: false };
    };
    if (mailbox.specialUse !== '\\Sent' || !messageId) return append();
    return this.locked(`${userId}\u0000${messageId}`, async () => {
      const existing = await this.recentCopy(mailbox, messageId);
      return existing ?? append();
    });
  }

  /**
   * APPEND or MULTIAPPEND (RFC 3502) of `inputs` into `mailbox`, deduped message by message
   * like appendOnce() when the mailbox is \Sent: a message whose Message-ID was saved there
   * within the window, or comes earlier in the same command, is not stored again and its
   * result names the message already there. The others are stored in one transaction, so
   * the command still stores all of its new messages or none. Results follow `inputs`.
   */
  async appendAllOnce(userId: UserId, mailbox: Mailbox, inputs: AppendInput[]): Promise<AppendOnceResult[]> {
    const ingested = await this.messages.ingestForAppend(inputs.map((input) => input.source));
    const sent = mailbox.specialUse === '\\Sent';
    const idOf = (k: number) => (sent ? ingested[k]!.meta.messageId || null : null);
    const ids = new Set<string>();
    for (let k = 0; k < inputs.length; k++) {
      const id = idOf(k);
      if (id) ids.add(id);
    }
    const keys = [...ids].sort().map((id) => `${userId}\u0000${id}`);
    return this.lockedAll(keys, async () => {
      const results: Array<AppendOnceResult | null> = [];
      const items: NewMessage[] = [];
      const stores: number[] = []; // index in `inputs` of each item
      const firstOf = new Map<string, number>(); // Message-ID -> index of its stored input
      const repeats: Array<[number, number]> = []; // [index, index of the same message]
      for (let k = 0; k < inputs.length; k++) {
        const id = idOf(k);
        const first = id ? firstOf.get(id) : undefined;
        if (first !== undefined) {
          results.push(null);
          repeats.push([k, first]);
          continue;
        }
        const existing = id ? await this.recentCopy(mailbox, id) : null;
        results.push(existing);
        if (existing) continue;
        if (id) firstOf.set(id, k);
        const input = inputs[k]!;
        const body = ingested[k]!.bytes;
        items.push({
          blob: ingested[k]!.meta,
          ...(body ? { body } : {}),
          flags: validateFlags(input.flags ?? []),
          internalDate: input.internalDate ?? this.clock(),
          threadId: await this.messages.threadFor(userId, ingested[k]!),
        });
        stores.push(k);
      }
      const stored = items.length > 0 ? await this.store.mail.append(userId, mailbox.id, items) : [];
      stored.forEach((r, j) => {
        results[stores[j]!] = { ...r, duplicate: false };
      });
      for (const [k, first] of repeats) results[k] = { ...results[first]!, duplicate: true };
      return results as AppendOnceResult[];
    });
  }

  /**
   * The \Sent mailbox, unless an outgoing Sieve rule files the copy elsewhere; the body
   * is the script's edited copy when it changed the header (editheader).
   */
  private async sentTarget(
    userId: UserId,
    mailbox: Mailbox,
    meta: Ingested['meta'],
  ): Promise<{ mailboxId: number; meta: Ingested['meta'] }> {
    const unchanged = { mailboxId: mailbox.id, meta };
    if (!this.sieve || mailbox.specialUse !== '\\Sent') return unchanged;
    const user = await this.store.accounts.getUserById(userId);
    const places = await this.sieve.place(
      userId,
      user?.address ?? '',
      meta,
      { mailFrom: user?.address ?? '', rcptTo: '' },
      'outgoing',
      mailbox.name,
    );
    const p = places[0];
    return p ? { mailboxId: p.mailboxId, meta: p.body?.meta ?? meta } : unchanged;
  }

  /** A message with this Message-ID saved into `mailbox` within the window, or null. */
  async recentCopy(mailbox: Mailbox, messageId: string): Promise<AppendOnceResult | null> {
    const uids = await this.store.mail.search(mailbox.id, {
      k: 'header',
      name: 'message-id',
      value: `<${messageId}>`,
    });
    if (uids.length === 0) return null;
    const since = this.clock().getTime() - this.windowMs;
    // Newest first: the latest copy is the one a client just made.
    for (let i = uids.length - 1; i >= 0; i--) {
      const uid = uids[i]!;
      const [rec] = await this.store.mail.messages(mailbox.id, [{ start: uid, end: uid }], 1);
      if (!rec || rec.saveDate.getTime() < since) continue;
      const meta = await this.store.mail.blobMeta(rec.blobId);
      if (meta?.messageId !== messageId) continue; // a substring match of a longer id
      return {
        uidValidity: mailbox.uidValidity,
        uid: rec.uid,
        modseq: rec.modseq,
        id: rec.id,
        emailId: rec.emailId,
        duplicate: true,
      };
    }
    return null;
  }

  /** Runs `fn` holding every lock of `keys` (sorted: two callers whose keys overlap take
   *  them in the same order and cannot wait on each other). */
  private lockedAll<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return keys.reduceRight<() => Promise<T>>((inner, key) => () => this.locked(key, inner), fn)();
  }

  private async locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
