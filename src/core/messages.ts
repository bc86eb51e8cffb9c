// Message operations shared by every protocol: append, copy, move, flags, expunge (with
// the user's protection setting), reads, search and sort, body streaming.

import { setImmediate as yieldLoop } from 'node:timers/promises';
import type {
  AppendResult,
  CopyResult,
  FlagChangeResult,
  FlagOp,
  MailboxId,
  MessageFlags,
  MessageRecord,
  NewMessage,
  PopDownload,
  SearchKey,
  SortCriterion,
  Store,
  ThreadFields,
  UidRange,
  UidRunList,
  UserId,
} from '../store/types.js';
import type { AccountService } from './accounts.js';
import { MailError } from './errors.js';
import { discard, type Ingested, type IngestOptions, ingest, type RawSource } from './ingest.js';
import type { MailboxService } from './mailboxes.js';
import { uidWindows } from './uid-ranges.js';

export interface AppendInput {
  source: RawSource;
  flags?: string[];
  internalDate?: Date;
}

const ALL: UidRange[] = [{ start: 1, end: Number.POSITIVE_INFINITY }];
/** Messages handled per transaction by the core's own bulk moves. */
const PAGE = 5000;
/** UID values per STORE transaction (about 10 ms of work). */
const FLAG_WINDOW = 5000;

// RFC 9051 §9 flag-keyword = atom; atom-specials exclude ( ) { SP CTL % * " \ ].
const KEYWORD = /^[^\s(){%*"\\\]\u0000-\u001f\u007f]+$/;
const SETTABLE_SYSTEM = new Set(['\\seen', '\\answered', '\\flagged', '\\deleted', '\\draft']);

/** Checks flag names a client may set; Invalid otherwise (\Recent is server-only). */
export function validateFlags(flags: readonly string[]): string[] {
  for (const f of flags) {
    if (f.startsWith('\\')) {
      if (!SETTABLE_SYSTEM.has(f.toLowerCase())) throw new MailError('Invalid', `cannot set flag ${f}`);
    } else if (!KEYWORD.test(f) || f.length > 100) throw new MailError('Invalid', `bad keyword ${f}`);
  }
  return [...flags];
}

/** The part of `ranges` above `uid` (the next page's ranges). */
function after(ranges: UidRange[], uid: number): UidRange[] {
  const from = uid + 1;
  return ranges
    .filter((r) => Math.max(r.start, r.end) >= from)
    .map((r) => ({ start: Math.max(Math.min(r.start, r.end), from), end: Math.max(r.start, r.end) }));
}

/** Walks UID ranges a page at a time with a store read returning ascending UIDs. */
async function* paged<T extends { uid: number }>(
  read: (ranges: UidRange[], limit: number) => Promise<T[]>,
  ranges: UidRange[],
  pageSize: number,
): AsyncGenerator<T[]> {
  let rest = ranges;
  for (;;) {
    const page = await read(rest, pageSize);
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    rest = after(rest, page[page.length - 1]!.uid);
  }
}

/** Bytes of bodies one MULTIAPPEND may hold in memory until it commits (NewMessage.body). */
export const INLINE_BUDGET = 8 * 1024 * 1024;

export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly accounts: AccountService,
    private readonly mailboxes: MailboxService,
    private readonly ingestOptions: IngestOptions,
    private readonly clock: () => Date,
  ) {}

  /** Normalises, stores and analyses one body durably (not yet visible in any mailbox). */
  async ingest(source: RawSource): Promise<Ingested> {
    return this.ingestFor(source, 0);
  }

  /**
   * ingest() for bodies about to be appended in the caller's next store.mail.append: small
   * ones are only held in memory (Ingested.bytes, to go in NewMessage.body) until
   * INLINE_BUDGET bytes are held, the rest committed as files. Held bodies wait in memory
   * until the one commit: a MULTIAPPEND of thousands would hold them all.
   */
  async ingestForAppend(sources: RawSource[]): Promise<Ingested[]> {
    const out: Ingested[] = [];
    let held = 0;
    for (const source of sources) {
      const i = await this.ingestFor(source, held < INLINE_BUDGET ? this.store.blobs.inlineMax : 0);
      held += i.bytes?.length ?? 0;
      out.push(i);
    }
    return out;
  }

  /**
   * Like ingest, but a body up to `inlineMax` bytes is only held in memory (Ingested.bytes),
   * to be stored with its message in one commit (NewMessage.body).
   */
  private async ingestFor(source: RawSource, inlineMax: number): Promise<Ingested> {
    const i = await ingest(source, this.store.blobs, { ...this.ingestOptions, inlineMax });
    if (i.tempPath === null) return i;
    try {
      await this.store.blobs.commitTemp(i.tempPath, i.blobId);
    } catch (e) {
      await discard(i);
      throw e;
    }
    return i;
  }

  /** The thread a new message joins: any stored message it refers to, or it is referred by. */
  async threadFor(userId: UserId, i: Pick<Ingested, 'meta'>): Promise<string | null> {
    const ids = [...i.meta.references, i.meta.inReplyTo, i.meta.messageId].filter(
      (x): x is string => typeof x === 'string' && x.length > 0,
    );
    return this.store.mail.findThread(userId, ids);
  }

  /** APPEND (one message); returns the APPENDUID data (RFC 4315). */
  async append(userId: UserId, mailboxId: MailboxId, input: AppendInput): Promise<AppendResult> {
    const [r] = await this.appendMany(userId, mailboxId, [input]);
    return r!;
  }

  /** MULTIAPPEND (RFC 3502): all messages or none. */
  async appendMany(userId: UserId, mailboxId: MailboxId, inputs: AppendInput[]): Promise<AppendResult[]> {
    const flags = inputs.map((input) => validateFlags(input.flags ?? []));
    const ingested = await this.ingestForAppend(inputs.map((input) => input.source));
    const items: NewMessage[] = [];
    for (const [k, input] of inputs.entries()) {
      const i = ingested[k]!;
      items.push({
        blob: i.meta,
        ...(i.bytes ? { body: i.bytes } : {}),
        flags: flags[k]!,
        internalDate: input.internalDate ?? this.clock(),
        threadId: await this.threadFor(userId, i),
      });
    }
    return this.store.mail.append(userId, mailboxId, items);
  }

  /** Appends an already-ingested body (delivery, sent copy). */
  async appendIngested(
    userId: UserId,
    mailboxId: MailboxId,
    i: Ingested,
    flags: string[],
    threadId: string | null,
  ): Promise<AppendResult[]> {
    return this.store.mail.append(userId, mailboxId, [
      { blob: i.meta, flags: validateFlags(flags), internalDate: this.clock(), threadId },
    ]);
  }

  copy(userId: UserId, from: MailboxId, uids: UidRange[], to: MailboxId): Promise<CopyResult> {
    return this.store.mail.copy(userId, from, uids, to);
  }
  move(userId: UserId, from: MailboxId, uids: UidRange[], to: MailboxId): Promise<CopyResult> {
    return this.store.mail.move(userId, from, uids, to);
  }
  /**
   * STORE. Large ranges run as several transactions of at most FLAG_WINDOW UIDs each, so
   * the event loop is never held for long (IMAP does not require STORE to be atomic).
   */
  async setFlags(
    userId: UserId,
    mailboxId: MailboxId,
    uids: UidRange[],
    op: FlagOp,
    flags: string[],
    unchangedSince?: number,
  ): Promise<FlagChangeResult> {
    const valid = validateFlags(flags);
    const box = await this.store.mail.getMailboxById(mailboxId);
    if (!box || box.userId !== userId) throw new MailError('NotFound', 'no such mailbox');
    const windows = uidWindows(uids, box.uidNext - 1, FLAG_WINDOW);
    if (windows.length <= 1)
      return this.store.mail.setFlags(userId, mailboxId, windows[0] ?? [], op, valid, unchangedSince);
    const out: FlagChangeResult = { changed: [], modified: [] };
    for (const [i, w] of windows.entries()) {
      // The store answers without waiting (SQLite is synchronous): without a turn of the
      // event loop between windows the whole STORE would hold it, 1-3 s on 100,000 messages.
      if (i > 0) await yieldLoop();
      const r = await this.store.mail.setFlags(userId, mailboxId, w, op, valid, unchangedSince);
      for (const c of r.changed) out.changed.push(c);
      for (const m of r.modified) out.modified.push(m);
    }
    return out;
  }

  /**
   * EXPUNGE / UID EXPUNGE / CLOSE. With the user's expungeMode 'trash', \Deleted
   * messages outside Trash move to Trash first (their \Deleted flag cleared there), so a
   * misbehaving client cannot destroy mail. The source sees them expunged either way.
   */
  async expunge(
    userId: UserId,
    mailboxId: MailboxId,
    uids?: UidRange[],
  ): Promise<{ uids: number[]; modseq: number }> {
    const settings = await this.accounts.getSettings(userId);
    if (settings.expungeMode === 'trash') {
      const trash = await this.mailboxes.bySpecialUse(userId, '\\Trash');
      if (trash && trash.id !== mailboxId) {
        const deleted = await this.store.mail.search(mailboxId, {
          k: 'and',
          keys: [
            { k: 'flag', flag: '\\Deleted', set: true },
            ...(uids ? [{ k: 'uid' as const, ranges: uids }] : []),
          ],
        });
        const gone: number[] = [];
        let modseq = 0;
        for (let i = 0; i < deleted.length; i += PAGE) {
          const page = deleted.slice(i, i + PAGE).map((u) => ({ start: u, end: u }));
          const r = await this.store.mail.move(userId, mailboxId, page, trash.id);
          gone.push(...r.srcUids);
          modseq = r.modseq;
          if (r.dstUids.length)
            await this.store.mail.setFlags(
              userId,
              trash.id,
              r.dstUids.map((u) => ({ start: u, end: u })),
              'remove',
              ['\\Deleted'],
            );
        }
        return { uids: gone, modseq };
      }
    }
    return this.store.mail.expunge(userId, mailboxId, uids);
  }

  /** Removes messages whatever their flags (POP3 DELE at QUIT, retention rules). */
  remove(userId: UserId, mailboxId: MailboxId, uids: UidRange[]) {
    return this.store.mail.remove(userId, mailboxId, uids);
  }

  /** RFC 3501 §2.3.2: claims the \Recent messages up to `upToUid` for one session (the
   *  store makes the claim atomic); the UIDs claimed, or null. */
  claimRecent(mailboxId: MailboxId, upToUid: number): Promise<UidRange | null> {
    return this.store.mail.claimRecent(mailboxId, upToUid);
  }

  uids(mailboxId: MailboxId): Promise<Uint32Array> {
    return this.store.mail.uids(mailboxId);
  }
  /** The UIDs as runs of consecutive values (IMAP sequence maps; cached by the store). */
  uidRuns(mailboxId: MailboxId): Promise<UidRunList> {
    return this.store.mail.uidRuns(mailboxId);
  }
  /** The lowest UID matching `key`, or null. */
  firstUid(mailboxId: MailboxId, key: SearchKey): Promise<number | null> {
    return this.store.mail.firstUid(mailboxId, key);
  }
  list(mailboxId: MailboxId, ranges: UidRange[] = ALL, limit = 1000): Promise<MessageRecord[]> {
    return this.store.mail.messages(mailboxId, ranges, limit);
  }
  /** Every message in ranges, a page at a time (never a whole mailbox in memory). */
  pages(mailboxId: MailboxId, ranges: UidRange[] = ALL, pageSize = 1000): AsyncGenerator<MessageRecord[]> {
    return paged((r, n) => this.store.mail.messages(mailboxId, r, n), ranges, pageSize);
  }
  /** UID, MODSEQ and flags only, a page at a time (FETCH FLAGS, resync). */
  flagPages(mailboxId: MailboxId, ranges: UidRange[] = ALL, pageSize = 2000): AsyncGenerator<MessageFlags[]> {
    return paged((r, n) => this.store.mail.messageFlags(mailboxId, r, n), ranges, pageSize);
  }
  /** THREAD's fields (RFC 5256), a page at a time: one store query per page. */
  threadPages(
    mailboxId: MailboxId,
    ranges: UidRange[] = ALL,
    pageSize = 5000,
  ): AsyncGenerator<ThreadFields[]> {
    return paged((r, n) => this.store.mail.threadFields(mailboxId, r, n), ranges, pageSize);
  }
  changedSince(mailboxId: MailboxId, since: number, ranges: UidRange[] = ALL, limit = 1000) {
    return this.store.mail.changedSince(mailboxId, since, ranges, limit);
  }
  expungedSince(mailboxId: MailboxId, since: number) {
    return this.store.mail.expungedSince(mailboxId, since);
  }
  byEmailId(userId: UserId, emailId: string) {
    return this.store.mail.getMessageByEmailId(userId, emailId);
  }
  blobMeta(blobId: string) {
    return this.store.mail.blobMeta(blobId);
  }
  keywords(mailboxId: MailboxId) {
    return this.store.mail.keywords(mailboxId);
  }
  /** Ascending UIDs; `within` restricts the search (and its cost) to those UIDs. */
  search(mailboxId: MailboxId, key: SearchKey, within?: UidRange[]) {
    return this.store.mail.search(mailboxId, key, within);
  }
  sort(mailboxId: MailboxId, criteria: SortCriterion[], key: SearchKey = { k: 'all' }) {
    return this.store.mail.sort(mailboxId, criteria, key);
  }

  /** Streams [start, end) of a message's stored bytes (the whole message by default). */
  readBody(message: Pick<MessageRecord, 'blobId'>, start?: number, end?: number): NodeJS.ReadableStream {
    return this.store.blobs.read(message.blobId, start, end);
  }
  readBodyBuffer(message: Pick<MessageRecord, 'blobId'>, start?: number, end?: number): Promise<Buffer> {
    return this.store.blobs.readBuffer(message.blobId, start, end);
  }

  /** POP download records (docs/pop3.md): the first download date of each emailId. */
  markPopDownloaded(userId: UserId, downloads: readonly PopDownload[]) {
    return this.store.mail.markPopDownloaded(userId, downloads);
  }
  popDownloaded(userId: UserId, emailIds: string[]) {
    return this.store.mail.popDownloaded(userId, emailIds);
  }
  popDownloadedBefore(userId: UserId, before: Date, after: PopDownload | null, limit: number) {
    return this.store.mail.popDownloadedBefore(userId, before, after, limit);
  }
  forgetPopDownloads(userId: UserId, emailIds: string[]) {
    return this.store.mail.forgetPopDownloads(userId, emailIds);
  }
}
