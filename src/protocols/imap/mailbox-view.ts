// A session's view of its selected mailbox (RFC 9051 §2.3.1, §7.5.1; RFC 7162 §3.2.10).
//
// - Built at SELECT from core.messages.uidRuns() (runs of UIDs the store keeps in memory
//   for all sessions): sequence numbers live in a SeqMap.
// - Changes made by OTHER sessions (or protocols, or processes) arrive from the change
//   feed, in commit order, and are queued here; the session flushes them as untagged
//   EXISTS / EXPUNGE (or VANISHED) / FETCH (FLAGS [MODSEQ]) only where the RFC allows:
//   EXPUNGE never while answering FETCH, STORE, SEARCH (and the other commands that take
//   message numbers) unless they are UID commands, and never when no command is in
//   progress except in IDLE or under NOTIFY.
// - A session's OWN changes are reported by the command that made them (STORE sends its
//   FETCH, EXPUNGE its EXPUNGEs); it tells the view with ownExpunged()/ownFlags() so the
//   queued copy of the same change is not reported twice. Flushing is idempotent anyway:
//   an expunge of a UID no longer in the view, or an append of one already in it, is dropped.
// - Memory: the pending queues are created on first use and released after a flush, so an
//   idle session with nothing pending holds only the SeqMap.
// - \Recent (RFC 3501 §2.3.2): a read-write view claims new messages through the store
//   (atomic: exactly one session gets each), at SELECT and before announcing appends; an
//   EXAMINE view shows the unclaimed ones without taking them; an IMAP4rev2 session has
//   none (RFC 9051 removed it). The claimed UIDs are a few ranges, not a set per message.
// - Messages the session itself added to this mailbox (APPEND, COPY, MOVE, REPLACE) are
//   announced by EXISTS like any other, but are left out of `appended`, so NOTIFY sends no
//   MessageNew FETCH for them (RFC 5465 §5.2; see ownAppended()).

import type { MailCore } from '../../core/index.js';
import type { Mailbox, MailChange, UidRange } from '../../store/types.js';
import { type LiveSearch, liveExpunged } from './message/live-search.js';
import { toRanges } from './sequence.js';
import { messageData } from './uidonly.js';
import type { EncodeOptions, ResponsePart } from './wire/encode.js';
import type { FetchItem } from './wire/fetch-response.js';
import { untagged } from './wire/responses.js';
import { vanished } from './wire/search-responses.js';
import { SeqMap } from './wire/seqmap.js';

export interface FlushOptions {
  /** EXPUNGE/VANISHED may be sent now (RFC 9051 §7.5.1). */
  allowExpunge: boolean;
  /** QRESYNC enabled: VANISHED instead of EXPUNGE, UID in every FETCH (RFC 7162 §3.2.10, §3.2.4). */
  qresync: boolean;
  /** CONDSTORE enabled: MODSEQ in FETCH responses for flag changes (RFC 7162 §3.1.4.1). */
  condstore: boolean;
  /** UIDONLY enabled: VANISHED and UIDFETCH, no sequence numbers (RFC 9586 §3). */
  uidOnly?: boolean;
  encode: EncodeOptions;
  /** When given, receives the UIDs this flush announced with EXISTS (NOTIFY MessageNew). */
  appended?: number[];
}

/** How a session sees \Recent: 'claim' takes new messages for itself (read-write SELECT),
 *  'peek' shows the unclaimed ones without taking them (EXAMINE), 'none' (IMAP4rev2). */
export type RecentMode = 'claim' | 'peek' | 'none';

interface PendingFlags {
  flags: string[];
  modseq: number;
}

export class MailboxView {
  readonly seq: SeqMap;
  /** Highest modseq this session has seen reported (HIGHESTMODSEQ baseline). */
  highestModseq: number;
  /** RFC 5182 SEARCHRES `$`: UIDs of the last SEARCH RETURN (SAVE). */
  savedResult: number[] | null = null;
  /** Set when another session deleted this mailbox. */
  deleted = false;
  /** Keywords announced in FLAGS to this session (mailbox-flags.ts). */
  readonly keywords = new Set<string>();
  /** RFC 5267 §4 live searches (SEARCH RETURN (UPDATE)); see message/live-search.ts. */
  liveSearches: LiveSearch[] = [];
  /** UIDs appended / whose flags changed since the live searches were last re-evaluated
   *  (only while some exist): every live search reads the first, those reading flags both. */
  private liveAppended: Set<number> | null = null;
  private liveFlags: Set<number> | null = null;
  private appends: number[] | null = null;
  private expunges: Set<number> | null = null;
  private flagChanges: Map<number, PendingFlags> | null = null;
  /** UIDs this session added itself and not yet announced (see ownAppended()). */
  private ownAdded: Set<number> | null = null;
  /** Highest modseq among queued changes. */
  private pendingModseq = 0;
  /** UIDs that are \Recent in this session (ascending, disjoint). */
  private recent: UidRange[] = [];
  /** Highest UID this view has asked the store to claim (or knows to be claimed). */
  private claimedUpTo: number;

  private constructor(
    readonly mailboxId: number,
    public name: string,
    readonly uidValidity: number,
    readonly readOnly: boolean,
    seq: SeqMap,
    highestModseq: number,
    readonly recentMode: RecentMode,
    recentUid: number,
  ) {
    this.seq = seq;
    this.highestModseq = highestModseq;
    this.claimedUpTo = recentUid;
    if (recentMode === 'peek') this.recent = [{ start: recentUid + 1, end: Number.POSITIVE_INFINITY }];
  }

  /** Loads the UIDs of `mailbox`. Changes published after the load are applied on flush;
   *  the caller subscribes to the feed BEFORE calling this so none is missed. */
  static async open(
    core: MailCore,
    mailbox: Mailbox,
    readOnly: boolean,
    recentMode: RecentMode = 'none',
  ): Promise<MailboxView> {
    const runs = await core.messages.uidRuns(mailbox.id);
    return new MailboxView(
      mailbox.id,
      mailbox.name,
      mailbox.uidValidity,
      readOnly,
      SeqMap.fromRuns(runs.starts, runs.lengths),
      Math.max(1, mailbox.highestModseq),
      recentMode,
      mailbox.recentUid,
    );
  }

  /** RFC 3501 §2.3.2: claims the messages up to `upToUid` as \Recent for this session
   *  (read-write views only; the store makes sure no other session gets them). */
  async claimRecent(core: MailCore, upToUid: number): Promise<void> {
    if (this.recentMode !== 'claim' || upToUid <= this.claimedUpTo) return;
    this.claimedUpTo = upToUid;
    const r = await core.messages.claimRecent(this.mailboxId, upToUid);
    if (!r) return;
    const last = this.recent[this.recent.length - 1];
    if (last && last.end + 1 >= r.start) last.end = Math.max(last.end, r.end);
    else this.recent.push({ start: r.start, end: r.end });
  }

  /** Highest UID among queued appends (0 when none): what a flush will announce. */
  get pendingAppendMax(): number {
    let max = 0;
    for (const u of this.appends ?? []) if (u > max) max = u;
    return max;
  }

  isRecent(uid: number): boolean {
    for (const r of this.recent) if (uid >= r.start && uid <= r.end) return true;
    return false;
  }

  /** `flags` as this session shows them: with \Recent first when the message is recent. */
  withRecent(uid: number, flags: string[]): string[] {
    return this.recent.length > 0 && this.isRecent(uid) ? ['\\Recent', ...flags] : flags;
  }

  /** The recent UIDs as ranges (SEARCH RECENT / NEW / OLD). */
  get recentRanges(): UidRange[] {
    return this.recent.map((r) => ({ ...r }));
  }

  /** Messages of the view that are \Recent (the `* n RECENT` count). */
  get recentCount(): number {
    let n = 0;
    for (const r of this.recent) n += this.rank(r.end) - this.rank(r.start - 1);
    return n;
  }

  /** How many UIDs of the view are <= uid (binary search over message numbers). */
  private rank(uid: number): number {
    let lo = 0;
    let hi = this.seq.size;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.seq.seqToUid(mid) <= uid) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Feeds one change of the user's feed (ignored unless it concerns this mailbox). */
  onChange(c: MailChange): void {
    if (c.type === 'account' || c.mailboxId !== this.mailboxId) return;
    switch (c.type) {
      case 'append':
        if (c.uid > this.seq.maxUid) (this.appends ??= []).push(c.uid);
        this.markLiveDirty([c.uid], 'append');
        break;
      case 'expunge':
        for (const u of c.uids) {
          this.flagChanges?.delete(u);
          // Appended and expunged before the client heard of it: never report either.
          this.ownAdded?.delete(u);
          const queued = this.appends?.indexOf(u) ?? -1;
          if (queued >= 0) {
            this.appends!.splice(queued, 1);
            continue;
          }
          (this.expunges ??= new Set()).add(u);
        }
        break;
      case 'flags':
        this.markLiveDirty(
          c.changes.map((ch) => ch.uid),
          'flags',
        );
        for (const ch of c.changes) {
          if (this.expunges?.has(ch.uid)) continue;
          (this.flagChanges ??= new Map()).set(ch.uid, { flags: ch.flags, modseq: ch.modseq });
        }
        break;
      case 'mailbox':
        if (c.action === 'delete') this.deleted = true;
        else if (c.action === 'rename') this.name = c.name;
        return;
    }
    this.pendingModseq = Math.max(this.pendingModseq, c.modseq);
  }

  /**
   * Brings the queued flag changes up to the store's state just before they are reported.
   * RFC 7162 §3.1.4.1 / §3.2: a message's MODSEQ as the client sees it never goes back. A
   * change made by another process reaches this feed up to a poll later (the store's
   * change journal), and by then a direct read (FETCH, SEARCH MODSEQ) may already have
   * shown the client a newer state: the queued copy would be stale. Reading the current
   * flags of the queued UIDs (from the store's in-memory flag columns) fixes that. A
   * message no longer in the store was expunged: its queued change is dropped (the
   * client may have seen a later state of it; its EXPUNGE follows).
   */
  async refreshFlagChanges(core: MailCore): Promise<void> {
    if (!this.flagChanges || this.flagChanges.size === 0) return;
    const uids = [...this.flagChanges.keys()].sort((a, b) => a - b);
    const current = new Map<number, { flags: string[]; modseq: number }>();
    for await (const page of core.messages.flagPages(this.mailboxId, toRanges(uids)))
      for (const m of page) current.set(m.uid, { flags: [...m.flags], modseq: m.modseq });
    if (!this.flagChanges) return;
    for (const [uid, p] of this.flagChanges) {
      const now = current.get(uid);
      if (!now) this.flagChanges.delete(uid);
      else if (now.modseq > p.modseq) this.flagChanges.set(uid, now);
    }
  }

  /** True when something waits to be reported. */
  get hasPending(): boolean {
    return (
      (this.appends?.length ?? 0) > 0 ||
      (this.expunges?.size ?? 0) > 0 ||
      (this.flagChanges?.size ?? 0) > 0 ||
      this.deleted
    );
  }

  /** Notes UIDs whose live-search membership may have changed: new messages, or flags. */
  markLiveDirty(uids: readonly number[], why: 'append' | 'flags'): void {
    if (this.liveSearches.length === 0 || uids.length === 0) return;
    const set = why === 'append' ? (this.liveAppended ??= new Set()) : (this.liveFlags ??= new Set());
    for (const u of uids) set.add(u);
  }

  /** True when live searches have UIDs to re-evaluate. */
  get hasLiveDirty(): boolean {
    return (this.liveAppended?.size ?? 0) > 0 || (this.liveFlags?.size ?? 0) > 0;
  }

  /** The UIDs to re-evaluate (each ascending), clearing the sets. */
  takeLiveDirty(): { appended: number[]; flags: number[] } {
    const asc = (s: Set<number> | null) => (s ? [...s].sort((a, b) => a - b) : []);
    const d = { appended: asc(this.liveAppended), flags: asc(this.liveFlags) };
    this.liveAppended = null;
    this.liveFlags = null;
    return d;
  }

  /** True when expunges wait (they may have to wait for an allowed point). */
  get hasPendingExpunges(): boolean {
    return (this.expunges?.size ?? 0) > 0;
  }

  /**
   * The untagged responses for queued changes, applying them to the SeqMap. Order:
   * EXPUNGE/VANISHED first (when allowed), then EXISTS, then FETCH FLAGS, so every number
   * sent is valid at the moment the client reads it. The FETCH responses are built as the
   * caller iterates (a STORE 1:* by another session is 100,000 of them, which were all
   * built in one go, per session watching), each with the message number of that moment
   * (the session may expunge between two writes); everything else is applied at once.
   */
  flush(opts: FlushOptions): Iterable<Buffer | ResponsePart[]> {
    const out: Array<Buffer | ResponsePart[]> = [];
    if (opts.allowExpunge && this.expunges && this.expunges.size > 0) {
      const gone = [...this.expunges].filter((u) => this.seq.has(u));
      this.expunges = null;
      if (gone.length > 0) {
        // RFC 5267 §4.4: REMOVEFROM while the expunged messages still have their numbers.
        out.push(...liveExpunged(this, gone));
        if (opts.qresync || opts.uidOnly) {
          this.seq.removeMany(gone);
          out.push(...vanished(gone, false));
        } else {
          for (const s of this.seq.removeMany(gone)) out.push(untagged(`${s} EXPUNGE`));
        }
      }
    }
    if (this.appends && this.appends.length > 0) {
      const before = this.seq.size;
      for (const u of this.appends.sort((a, b) => a - b)) {
        if (!this.expunges?.has(u) && this.seq.append(u) && !this.ownAdded?.has(u)) opts.appended?.push(u);
      }
      this.appends = null;
      this.dropAnnouncedOwn();
      if (this.seq.size !== before) {
        out.push(untagged(`${this.seq.size} EXISTS`));
        // RFC 3501 §7.3.2: the recent count goes with the new message count (rev1 only).
        if (this.recentMode !== 'none') out.push(untagged(`${this.recentCount} RECENT`));
      }
    }
    let entries: Array<[number, PendingFlags]> | null = null;
    if (this.flagChanges && this.flagChanges.size > 0) {
      entries = [...this.flagChanges].sort((a, b) => a[0] - b[0]);
      this.flagChanges = null;
    }
    if (!this.hasPendingExpunges) {
      this.highestModseq = Math.max(this.highestModseq, this.pendingModseq);
      this.pendingModseq = 0;
    }
    return entries ? this.withFlagFetches(out, entries, opts) : out;
  }

  private *withFlagFetches(
    head: Array<Buffer | ResponsePart[]>,
    entries: Array<[number, PendingFlags]>,
    opts: FlushOptions,
  ): Generator<Buffer | ResponsePart[]> {
    yield* head;
    for (const [uid, f] of entries) {
      const s = this.seq.uidToSeq(uid);
      if (s === 0) continue;
      yield messageData(opts.uidOnly === true, s, uid, this.flagItems(uid, f, opts), opts.encode);
    }
  }

  private flagItems(uid: number, f: PendingFlags, opts: FlushOptions): FetchItem[] {
    const items: FetchItem[] = [];
    if (opts.qresync && !opts.uidOnly) items.push({ name: 'UID', value: { t: 'number', n: uid } });
    items.push({ name: 'FLAGS', value: { t: 'flags', flags: this.withRecent(uid, f.flags) } });
    if (opts.condstore || opts.qresync) items.push({ name: 'MODSEQ', value: { t: 'modseq', n: f.modseq } });
    return items;
  }

  /** The session itself expunged these UIDs (EXPUNGE, MOVE, CLOSE): removes them and
   *  returns the sequence numbers to report, highest first. */
  ownExpunged(uids: readonly number[], modseq = 0): number[] {
    for (const u of uids) {
      this.expunges?.delete(u);
      this.flagChanges?.delete(u);
    }
    if (modseq > this.highestModseq && !this.hasPending) this.highestModseq = modseq;
    return this.seq.removeMany(uids);
  }

  /** The session itself added these UIDs to this mailbox (APPEND, COPY, MOVE, REPLACE).
   *  RFC 5465 §5.2: the server SHOULD NOT send the MessageNew FETCH for a message the
   *  client added itself (it has the data); the EXISTS that makes room for it is still
   *  sent (RFC 9051 §6.3.12), so the flush announces it without listing it in `appended`. */
  ownAppended(uids: readonly number[]): void {
    for (const u of uids) if (u > this.seq.maxUid) (this.ownAdded ??= new Set()).add(u);
  }

  /** Own UIDs at or below the highest UID in the view were announced (or expunged). */
  private dropAnnouncedOwn(): void {
    if (!this.ownAdded) return;
    for (const u of this.ownAdded) if (u <= this.seq.maxUid) this.ownAdded.delete(u);
    if (this.ownAdded.size === 0) this.ownAdded = null;
  }

  /** The session itself changed these flags (STORE) and reports them (or not, .SILENT):
   *  the queued copies of the same changes are dropped. */
  ownFlags(changes: ReadonlyArray<{ uid: number; modseq: number }>): void {
    this.markLiveDirty(
      changes.map((ch) => ch.uid),
      'flags',
    );
    for (const ch of changes) {
      const p = this.flagChanges?.get(ch.uid);
      if (p && p.modseq <= ch.modseq) this.flagChanges!.delete(ch.uid);
    }
  }
}
