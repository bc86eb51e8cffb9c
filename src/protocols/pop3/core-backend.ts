// The Pop3Backend the server uses: the authenticator checks the password, the mail core
// supplies settings, messages and bodies, and policy.ts decides what the POP policies
// mean. The session never sees a mailbox id; this file never sees a socket.

import { Readable } from 'node:stream';
import type { AuthRequest, AuthResult } from '../../auth/authenticator.js';
import { MailError } from '../../core/errors.js';
import type { MailCore } from '../../core/index.js';
import type { Mailbox, MailboxId, MessageRecord, UidRange, UserId } from '../../store/types.js';
import { type ListedMessage, ListingCache } from './listing-cache.js';
import { type MaildropLock, type MaildropLocks, maildropLockName } from './locks.js';
import type { LoginContext, LoginOutcome, Maildrop, MaildropEntry, Pop3Backend } from './maildrop.js';
import {
  deleteTarget,
  eachMessageOnce,
  expireFor,
  inScope,
  lowerBound,
  type PopPolicy,
  parseLoginName,
  recordsDownloads,
} from './policy.js';
import type { Pop3Log } from './session.js';

export interface CoreBackendDeps {
  core: Pick<MailCore, 'accounts' | 'mailboxes' | 'messages'>;
  auth: {
    authenticate(r: AuthRequest): Promise<AuthResult>;
    plaintextAllowed(secure: boolean, remoteAddress: string | undefined): boolean;
  };
  locks: MaildropLocks;
  log: Pop3Log;
  clock?: () => Date;
}

/** One snapshot entry with what is needed to find the message again. */
interface CoreEntry extends MaildropEntry {
  readonly mailboxId: MailboxId;
  readonly uid: number;
}

/** Messages up to this size are read whole and sent in one write (a bounded buffer). */
const SMALL_MESSAGE = 128 * 1024;
/** Emails looked up per popDownloaded query. */
const LOOKUP_PAGE = 500;

const REFUSALS: Record<Exclude<AuthResult, { ok: true }>['reason'], Exclude<LoginOutcome, { ok: true }>> = {
  'bad-credentials': { ok: false, reason: 'bad', message: 'Authentication failed' },
  throttled: { ok: false, reason: 'throttled', message: 'Too many failed logins, try again later' },
  disabled: { ok: false, reason: 'disabled', message: 'This account is disabled' },
  'protocol-disabled': { ok: false, reason: 'disabled', message: 'POP3 access is disabled for this account' },
  'tls-required': {
    ok: false,
    reason: 'bad',
    message: 'Plaintext authentication disallowed without TLS: use STLS or port 995',
  },
};

export class CorePop3Backend implements Pop3Backend {
  readonly defaultExpire = 'NEVER' as const;
  private readonly clock: () => Date;
  /** Mailbox listings kept between sessions (listing-cache.ts). */
  private readonly listings = new ListingCache();

  constructor(private readonly deps: CoreBackendDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  plaintextAllowed(secure: boolean, remoteAddress: string): boolean {
    return this.deps.auth.plaintextAllowed(secure, remoteAddress);
  }

  async login(username: string, password: string, ctx: LoginContext): Promise<LoginOutcome> {
    const { address, recent } = parseLoginName(username);
    const r = await this.deps.auth.authenticate({
      username: address,
      password,
      protocol: 'pop3',
      remoteAddress: ctx.remoteAddress,
      secure: ctx.secure,
    });
    if (!r.ok) return REFUSALS[r.reason];
    const settings = await this.deps.core.accounts.getSettings(r.userId);
    if (!settings.popEnabled)
      return { ok: false, reason: 'disabled', message: 'POP3 access is disabled for this account' };
    let lock: MaildropLock | null = null;
    try {
      // RFC 2449 §8.1.2: a maildrop held by a session in any process is [IN-USE].
      lock = await this.deps.locks.acquire(maildropLockName(r.userId, recent));
      if (!lock)
        return { ok: false, reason: 'in-use', message: 'Maildrop already in use by another POP3 session' };
      const entries = await this.snapshot(r.userId, settings.pop, recent);
      const maildrop = new CoreMaildrop(this.deps, this.clock, r.userId, settings.pop, recent, entries, lock);
      return { ok: true, maildrop, address: r.address };
    } catch (e) {
      lock?.release();
      this.deps.log.error({ err: e, user: r.address }, 'pop3 lock or snapshot failed');
      return { ok: false, reason: 'unavailable', message: 'Maildrop not available, try again later' };
    }
  }

  /** The fixed message list of one session (session Invariant 1). */
  private async snapshot(userId: UserId, policy: PopPolicy, recent: boolean): Promise<readonly CoreEntry[]> {
    const { core } = this.deps;
    const boxes = inScope(await core.mailboxes.list(userId), policy.scope);
    const since = lowerBound(policy, recent, this.clock())?.getTime() ?? null;
    const found: ListedMessage[] = [];
    for (const box of boxes) {
      const list = this.listings.get(box) ?? (await this.listMailbox(box));
      for (const m of list) if (since === null || m.date >= since) found.push(m);
    }
    // Several mailboxes ('all'): oldest first, as one maildrop; one entry per emailId so a
    // UIDL is unique in the maildrop (within one mailbox it already is).
    let entries = found;
    if (boxes.length > 1) {
      found.sort((a, b) => a.date - b.date || (a.uidl < b.uidl ? -1 : 1));
      const seen = new Set<string>();
      entries = found.filter((e) => !seen.has(e.uidl) && seen.add(e.uidl));
    }
    if (eachMessageOnce(policy, recent)) {
      const done = new Set<string>();
      for (let i = 0; i < entries.length; i += LOOKUP_PAGE) {
        const ids = entries.slice(i, i + LOOKUP_PAGE).map((e) => e.uidl);
        for (const id of (await core.messages.popDownloaded(userId, ids)).keys()) done.add(id);
      }
      entries = entries.filter((e) => !done.has(e.uidl));
    }
    return entries;
  }

  /** Reads a mailbox's listing from the store and keeps it for the next sessions. */
  private async listMailbox(box: Mailbox): Promise<readonly ListedMessage[]> {
    const list: ListedMessage[] = [];
    for await (const page of this.deps.core.messages.pages(box.id))
      for (const m of page)
        list.push({
          uidl: m.emailId,
          size: m.size,
          mailboxId: m.mailboxId,
          uid: m.uid,
          date: m.internalDate.getTime(),
        });
    this.listings.set(box, list);
    return list;
  }
}

const one = (uid: number): UidRange[] => [{ start: uid, end: uid }];

class CoreMaildrop implements Maildrop {
  readonly expire: number | 'NEVER';
  /** The record found by the last open(), reused by retrieved() right after a RETR. */
  private opened: { index: number; rec: MessageRecord } | null = null;
  /** When each message was first fully sent by RETR in this session (its download date). */
  private readonly downloadedAt = new Map<number, Date>();

  constructor(
    private readonly deps: CoreBackendDeps,
    private readonly clock: () => Date,
    private readonly userId: UserId,
    private readonly policy: PopPolicy,
    private readonly recent: boolean,
    readonly entries: readonly CoreEntry[],
    private readonly lock: MaildropLock,
  ) {
    this.expire = expireFor(policy, recent);
  }

  release(): void {
    this.lock.release();
  }

  /** Where the message is now: it may have moved (same emailId) or be gone. */
  private current(index: number): Promise<MessageRecord | null> {
    return this.deps.core.messages.byEmailId(this.userId, this.entries[index]!.uidl);
  }

  async open(index: number): Promise<Readable | Buffer | null> {
    const rec = await this.current(index);
    this.opened = rec ? { index, rec } : null;
    if (!rec) return null;
    // Most mail is small: one read, one write, no stream (session Invariant 5 bounds the
    // memory of the rest, which streams).
    if (rec.size <= SMALL_MESSAGE) return this.deps.core.messages.readBodyBuffer(rec, 0, rec.size);
    const s = this.deps.core.messages.readBody(rec);
    return s instanceof Readable ? s : Readable.from(s as AsyncIterable<Buffer>);
  }

  async retrieved(index: number): Promise<void> {
    if (!this.downloadedAt.has(index)) this.downloadedAt.set(index, this.clock());
    // 'archive' waits for the clean QUIT (commit) so a dropped connection never makes a
    // message leave the maildrop before the client has it.
    if (this.policy.onDownload !== 'seen') return;
    const rec = this.opened?.index === index ? this.opened.rec : await this.current(index);
    if (!rec || rec.flags.some((f) => f.toLowerCase() === '\\seen')) return;
    await this.deps.core.messages.setFlags(this.userId, rec.mailboxId, one(rec.uid), 'add', ['\\Seen']);
  }

  async commit(deleted: readonly number[], retrieved: readonly number[]): Promise<{ failed: number }> {
    const { core, log } = this.deps;
    const records = recordsDownloads(this.policy, this.recent);
    const archive = this.policy.onDownload === 'archive' && !this.recent && retrieved.length > 0;
    // Nothing irreversible while another session holds the maildrop: the lease could only
    // be lost if this process stalled longer than its lifetime (src/core/leases.ts).
    if ((deleted.length > 0 || archive || (records && retrieved.length > 0)) && !(await this.lock.confirm()))
      throw new MailError('InUse', 'The maildrop lock was lost to another session: nothing was changed');
    let failed = 0;
    const del = new Set(deleted);
    const target = deleteTarget(this.policy);
    for (const i of deleted) {
      try {
        const rec = await this.current(i);
        if (!rec) continue; // already gone: the deletion holds
        if (target === null) await core.messages.remove(this.userId, rec.mailboxId, one(rec.uid));
        else if (!(await this.moveTo(rec, target))) failed += 1;
      } catch (err) {
        failed += 1;
        log.warn({ err, uidl: this.entries[i]!.uidl }, 'pop3 deletion failed');
      }
    }
    if (archive)
      for (const i of retrieved) {
        if (del.has(i)) continue;
        try {
          const rec = await this.current(i);
          if (rec) await this.moveTo(rec, '\\Archive');
        } catch (err) {
          log.warn({ err, uidl: this.entries[i]!.uidl }, 'pop3 archive on download failed');
        }
      }
    if (records) {
      // The download date is the first complete RETR; a message deleted unread counts
      // as downloaded now (it leaves the maildrop either way).
      const now = this.clock();
      const downloads = [...new Set([...retrieved, ...deleted])].map((i) => ({
        emailId: this.entries[i]!.uidl,
        at: this.downloadedAt.get(i) ?? now,
      }));
      if (downloads.length > 0) await core.messages.markPopDownloaded(this.userId, downloads);
    }
    return { failed };
  }

  /** Moves to the special-use mailbox; false when the user has none (nothing is lost). */
  private async moveTo(rec: MessageRecord, use: '\\Trash' | '\\Archive'): Promise<boolean> {
    const { core } = this.deps;
    const box = await core.mailboxes.bySpecialUse(this.userId, use);
    if (!box) return false;
    if (box.id !== rec.mailboxId) await core.messages.move(this.userId, rec.mailboxId, one(rec.uid), box.id);
    return true;
  }
}
