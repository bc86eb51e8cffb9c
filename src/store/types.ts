// The store contract: what every store implementation (embedded SQLite today,
// Domain errors live in src/core/errors.ts; store implementations throw them.
// PostgreSQL later) provides to the mail core. Nothing here knows SQL, sockets or
// protocols. Every implementation must pass the suite in src/store/contract/.
//
// Rules every implementation keeps:
// - Mutations are atomic: a crash leaves either the whole change or none of it.
// - A change is published on the ChangeBus only after it is committed, in commit order.
// - UIDs in a mailbox strictly increase and are never reused; UIDVALIDITY is unique
//   per mailbox instance and never reused (a deleted and recreated mailbox gets a new one).
// - MODSEQ is one counter per user (the "account state"): every change to any message
//   or mailbox of the user takes the next value. A mailbox's highestModseq is the
//   largest modseq of any change inside it, and is >= 1 even when empty.
// - Message bodies are immutable blobs addressed by id; copy and move never copy bytes.

import type { UidRunList } from '../util/uid-runs.js';
import type { DkimKeyStore, QueueStore } from './queue.js';
import type { SieveStore } from './sieve.js';
import type { UrlAuthKeyStore } from './urlauth.js';

export type { UidRunList } from '../util/uid-runs.js';
export type UserId = number;
export type MailboxId = number;
export type MessageId = number; // row id of one message in one mailbox
export type BlobId = string; // content address (sha256 hex) of the normalised bytes

/** System flags are stored in upper/lower case as the RFC spells them. */
export const SYSTEM_FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'] as const;
export type SystemFlag = (typeof SYSTEM_FLAGS)[number];

export type SpecialUse = '\\Sent' | '\\Drafts' | '\\Trash' | '\\Junk' | '\\Archive' | '\\All' | '\\Flagged';

export interface Domain {
  id: number;
  name: string; // lower case, IDNA A-label form
  createdAt: Date;
}

export interface User {
  id: UserId;
  address: string; // lower case local@domain
  domainId: number;
  passwordHash: string; // PHC-style string from src/auth/password.ts
  quotaBytes: number | null; // null: no limit
  quotaMessages: number | null;
  /** Opaque JSON owned by the core (protection, POP policy, sent copy...). */
  settings: Record<string, unknown>;
  createdAt: Date;
}

export interface NewUser {
  address: string;
  passwordHash: string;
  quotaBytes?: number | null;
  quotaMessages?: number | null;
  settings?: Record<string, unknown>;
  /** Mailboxes created in the same transaction (INBOX is always created). */
  mailboxes: { name: string; specialUse: SpecialUse | null; subscribed: boolean }[];
}

export interface Alias {
  id: number;
  /** `local@domain`, or `@domain` for a catch-all. Lower case. */
  address: string;
  /** Where mail goes: a local user address or an external address. */
  target: string;
  createdAt: Date;
}

export interface AppPassword {
  id: number;
  userId: UserId;
  name: string;
  passwordHash: string;
  /** null: every protocol; else a subset such as ['imap', 'smtp']. */
  protocols: string[] | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface Usage {
  bytes: number;
  messages: number;
}

export interface Mailbox {
  id: MailboxId;
  userId: UserId;
  /** Full path with '/' as the delimiter; the inbox is always 'INBOX'. */
  name: string;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  /** RFC 3501 §2.3.2 \Recent: the highest UID already given to a session as recent; the
   *  messages above it are still recent for the next session that claims them. */
  recentUid: number;
  specialUse: SpecialUse | null;
  subscribed: boolean;
  /** Counters kept by the store in the same transaction as each change. */
  messages: number;
  unseen: number;
  deleted: number; // messages with \Deleted
  size: number; // sum of message sizes, bytes
  createdAt: Date;
}

/** What the store keeps about one blob (shared by every copy of a message). */
export interface BlobMeta {
  id: BlobId;
  size: number;
  /** JSON of the parsed MIME tree with byte offsets (src/mime), never re-parsed. */
  structure: string;
  /** Fields kept in columns for SORT, SEARCH and threading. Decoded, unfolded text. */
  subject: string;
  /** RFC 5256 §3 SORT FROM/TO/CC: addr-mailbox of the first address (a group's name). */
  from: string;
  to: string;
  cc: string;
  /** RFC 5957 §3 SORT DISPLAYFROM/DISPLAYTO: display name, else mailbox@host, else mailbox. */
  fromDisplay: string;
  toDisplay: string;
  /** The address lists written out, names decoded (`Name <a@b>, group: <c@d>;`), for
   *  FROM/TO/CC/BCC search; '' when the header is absent. */
  fromText: string;
  toText: string;
  ccText: string;
  bccText: string;
  sentDate: Date | null; // Date: header
  /** The Date: header's zone, minutes east of UTC: SENTON & co. compare the day as written. */
  sentOffset: number | null;
  messageId: string | null; // without angle brackets
  inReplyTo: string | null;
  references: string[];
  /** Whole header block, decoded and unfolded, for HEADER search. */
  headerText: string;
  /** Decoded body text (text parts, HTML rendered to text), for TEXT/BODY search. */
  bodyText: string;
  preview: string; // RFC 8970: up to 200 characters
  hasAttachment: boolean;
}

export interface MessageRecord {
  id: MessageId;
  mailboxId: MailboxId;
  uid: number;
  modseq: number;
  /** Stable id across MOVE (RFC 8474 EMAILID); also the POP3 UIDL. */
  emailId: string;
  threadId: string;
  blobId: BlobId;
  size: number;
  flags: string[]; // system flags and keywords, as stored
  internalDate: Date;
  saveDate: Date; // RFC 8514 SAVEDATE
}

export interface MessageFlags {
  uid: number;
  modseq: number;
  /** May be shared (frozen) between messages with the same flags: never modify it. */
  flags: readonly string[];
}

/** What THREAD needs of one message (RFC 5256 §2.2, §3). */
export interface ThreadFields {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  /** The sent date, or the internal date when the Date: header is missing or invalid. */
  date: Date;
}

export interface NewMessage {
  blob: BlobMeta; // inserted if unknown, else referenced
  /**
   * The body's bytes, when it is at most BlobStore.inlineMax and was not committed with
   * commitTemp: the store keeps them with the message in the same durable commit (one
   * fsync for both). Ignored when the blob is already stored.
   */
  body?: Buffer;
  flags: string[];
  internalDate: Date;
  /** Thread to join; the store allocates a new one when null. */
  threadId: string | null;
}

export interface AppendResult {
  uidValidity: number;
  uid: number;
  modseq: number;
  id: MessageId;
  emailId: string;
}

export interface CopyResult {
  uidValidity: number; // of the destination
  srcUids: number[];
  dstUids: number[]; // same order as srcUids
  modseq: number;
}

export type FlagOp = 'add' | 'remove' | 'replace';

export interface FlagChangeResult {
  /** Messages whose flags changed (or, for unchangedSince checks, passed). */
  changed: { uid: number; modseq: number; flags: string[] }[];
  /** RFC 7162 §3.2: UIDs not changed because their modseq > unchangedSince. */
  modified: number[];
}

/** An inclusive UID range; `end` may be Infinity for '*'. */
export interface UidRange {
  start: number;
  end: number;
}

export type DateOp = 'before' | 'on' | 'since';

/** Search criteria the store can answer efficiently (RFC 9051 §6.4.4 keys map onto it). */
export type SearchKey =
  | { k: 'all' }
  | { k: 'uid'; ranges: UidRange[] }
  | { k: 'flag'; flag: string; set: boolean }
  | { k: 'internaldate'; op: DateOp; date: string } // YYYY-MM-DD, compared in UTC
  /** The Date: header's day as written, time and zone ignored (RFC 3501 §6.4.4). */
  | { k: 'sentdate'; op: DateOp; date: string }
  | { k: 'savedate'; op: DateOp; date: string }
  | { k: 'age'; op: 'older' | 'younger'; seconds: number } // RFC 5032 WITHIN
  | { k: 'size'; op: 'larger' | 'smaller'; bytes: number }
  /** Case-insensitive substring of a header's decoded value; value '' means "has the header". */
  | { k: 'header'; name: string; value: string }
  /** Case-insensitive substring of an address list as written out (BlobMeta.fromText...). */
  | { k: 'address'; field: 'from' | 'to' | 'cc' | 'bcc'; value: string }
  /** Case-insensitive substring of the body text ('body') or headers + body ('text'). */
  | { k: 'text'; where: 'body' | 'text'; value: string }
  | { k: 'modseq'; min: number }
  | { k: 'emailid'; id: string }
  | { k: 'threadid'; id: string }
  | { k: 'and'; keys: SearchKey[] }
  | { k: 'or'; keys: SearchKey[] }
  | { k: 'not'; key: SearchKey };

export type SortKey =
  | 'arrival'
  | 'cc'
  | 'date'
  | 'from'
  | 'size'
  | 'subject'
  | 'to'
  | 'displayfrom'
  | 'displayto';

export interface SortCriterion {
  key: SortKey;
  reverse: boolean;
}

/** Every change, published after commit. Sessions use it to notify clients. */
export type MailChange =
  | { type: 'append'; userId: UserId; mailboxId: MailboxId; uid: number; modseq: number }
  | { type: 'expunge'; userId: UserId; mailboxId: MailboxId; uids: number[]; modseq: number }
  | {
      type: 'flags';
      userId: UserId;
      mailboxId: MailboxId;
      changes: { uid: number; modseq: number; flags: string[] }[];
      modseq: number;
    }
  | {
      type: 'mailbox';
      userId: UserId;
      mailboxId: MailboxId;
      action: 'create' | 'delete' | 'rename' | 'subscribe' | 'unsubscribe';
      name: string;
      modseq: number;
    }
  | { type: 'account'; userId: UserId; action: 'password' | 'settings' | 'delete' };

export interface ChangeBus {
  publish(change: MailChange): void;
  /** Listen to one user's changes; returns the unsubscribe function. */
  subscribe(userId: UserId, listener: (change: MailChange) => void): () => void;
}

export interface AccountStore {
  createDomain(name: string): Promise<Domain>;
  deleteDomain(name: string): Promise<void>; // NotFound; Invalid when users/aliases remain
  listDomains(): Promise<Domain[]>;
  getDomain(name: string): Promise<Domain | null>;

  createUser(input: NewUser): Promise<User>; // AlreadyExists; domain must exist
  getUser(address: string): Promise<User | null>;
  getUserById(id: UserId): Promise<User | null>;
  listUsers(domain?: string): Promise<User[]>;
  countUsers(): Promise<number>;
  setPassword(userId: UserId, passwordHash: string): Promise<void>;
  updateSettings(userId: UserId, settings: Record<string, unknown>): Promise<void>;
  setQuota(userId: UserId, quotaBytes: number | null, quotaMessages: number | null): Promise<void>;
  /** Deletes the user, their mailboxes, messages, aliases pointing only to them, app passwords. */
  deleteUser(userId: UserId): Promise<void>;
  getUsage(userId: UserId): Promise<Usage>;

  addAlias(address: string, target: string): Promise<Alias>;
  deleteAlias(address: string, target?: string): Promise<void>;
  listAliases(domain?: string): Promise<Alias[]>;
  /** Aliases for exactly this address (no catch-all, no plus handling: the core does that). */
  findAliases(address: string): Promise<Alias[]>;

  addAppPassword(
    userId: UserId,
    name: string,
    passwordHash: string,
    protocols: string[] | null,
  ): Promise<AppPassword>;
  listAppPasswords(userId: UserId): Promise<AppPassword[]>;
  deleteAppPassword(userId: UserId, name: string): Promise<void>;
  touchAppPassword(id: number, at: Date): Promise<void>;
}

export interface MailStore {
  listMailboxes(userId: UserId): Promise<Mailbox[]>;
  getMailbox(userId: UserId, name: string): Promise<Mailbox | null>;
  getMailboxById(id: MailboxId): Promise<Mailbox | null>;
  /** Creates missing parents too. AlreadyExists when the name exists. */
  createMailbox(
    userId: UserId,
    name: string,
    specialUse: SpecialUse | null,
    subscribe: boolean,
  ): Promise<Mailbox>;
  /** Renames the mailbox and its children; RFC 9051 §6.3.6 INBOX rule handled by the core. */
  renameMailbox(userId: UserId, from: string, to: string): Promise<void>;
  deleteMailbox(userId: UserId, name: string): Promise<void>;
  setSubscribed(userId: UserId, name: string, subscribed: boolean): Promise<void>;
  /** Subscribed names, including names whose mailbox no longer exists. */
  listSubscriptions(userId: UserId): Promise<string[]>;
  /**
   * RFC 3501 §2.3.2 \Recent: atomically raises the mailbox's recentUid to `upToUid` and
   * returns the UIDs claimed (recentUid + 1 .. upToUid), or null when another session
   * claimed them first (or none are above it). Two callers never get the same UID.
   */
  claimRecent(mailboxId: MailboxId, upToUid: number): Promise<UidRange | null>;

  /** Appends in one transaction; checks quota (OverQuota) before committing. */
  append(userId: UserId, mailboxId: MailboxId, messages: NewMessage[]): Promise<AppendResult[]>;
  copy(userId: UserId, from: MailboxId, uids: UidRange[], to: MailboxId): Promise<CopyResult>;
  move(userId: UserId, from: MailboxId, uids: UidRange[], to: MailboxId): Promise<CopyResult>;
  setFlags(
    userId: UserId,
    mailboxId: MailboxId,
    uids: UidRange[],
    op: FlagOp,
    flags: string[],
    unchangedSince?: number,
  ): Promise<FlagChangeResult>;
  /** Removes messages flagged \Deleted (restricted to `uids` when given); returns removed UIDs. */
  expunge(
    userId: UserId,
    mailboxId: MailboxId,
    uids?: UidRange[],
  ): Promise<{ uids: number[]; modseq: number }>;
  /** Removes the given messages whatever their flags (POP3 DELE, core policies). */
  remove(userId: UserId, mailboxId: MailboxId, uids: UidRange[]): Promise<{ uids: number[]; modseq: number }>;

  /** All UIDs of the mailbox in ascending order. */
  uids(mailboxId: MailboxId): Promise<Uint32Array>;
  /**
   * The mailbox's UIDs as runs of consecutive values (what a sequence map is built from):
   * the committed state at the call, changes made through other handles or processes
   * included. An implementation may keep them between calls (shared by every session of
   * the mailbox) as long as it revalidates them; the arrays returned are the caller's.
   */
  uidRuns(mailboxId: MailboxId): Promise<UidRunList>;
  /** The lowest UID matching `key` (SELECT's first UNSEEN), or null. */
  firstUid(mailboxId: MailboxId, key: SearchKey): Promise<number | null>;
  /** Messages in UID ranges, ascending, at most `limit` (page with the last uid + 1). */
  messages(mailboxId: MailboxId, ranges: UidRange[], limit: number): Promise<MessageRecord[]>;
  /**
   * Just UID, MODSEQ and flags of messages in UID ranges, ascending, at most `limit`: the
   * lean page for FETCH FLAGS and resync (several times faster than messages()).
   */
  messageFlags(mailboxId: MailboxId, ranges: UidRange[], limit: number): Promise<MessageFlags[]>;
  /** Messages changed (flags or appended) with modseq > since, ascending UID. */
  changedSince(
    mailboxId: MailboxId,
    since: number,
    ranges: UidRange[],
    limit: number,
  ): Promise<MessageRecord[]>;
  /** UIDs expunged with modseq > since (RFC 7162 VANISHED), ascending. */
  expungedSince(mailboxId: MailboxId, since: number): Promise<number[]>;
  getMessageByEmailId(userId: UserId, emailId: string): Promise<MessageRecord | null>;
  blobMeta(blobId: BlobId): Promise<BlobMeta | null>;
  /** Keywords in use in the mailbox, for the FLAGS response. */
  keywords(mailboxId: MailboxId): Promise<string[]>;

  /**
   * Matching UIDs, ascending. With `within`, only UIDs in those ranges, and only they are
   * read: the cost follows their count, not the mailbox's (live searches re-evaluating the
   * messages that changed, RFC 5267 §4).
   */
  search(mailboxId: MailboxId, key: SearchKey, within?: UidRange[]): Promise<number[]>;
  sort(mailboxId: MailboxId, criteria: SortCriterion[], key: SearchKey): Promise<number[]>;
  /** THREAD's fields of messages in UID ranges, ascending UID, at most `limit` (one query). */
  threadFields(mailboxId: MailboxId, ranges: UidRange[], limit: number): Promise<ThreadFields[]>;
  /** Thread lookup by Message-IDs already in the user's store (for threading at ingest). */
  findThread(userId: UserId, messageIds: string[]): Promise<string | null>;

  /**
   * POP3 download records (each-message-once, and retention counted from the download):
   * records `at` for each emailId; an emailId already recorded keeps its earlier date.
   */
  markPopDownloaded(userId: UserId, downloads: readonly PopDownload[]): Promise<void>;
  /** The recorded download date of those of `emailIds` that have one. */
  popDownloaded(userId: UserId, emailIds: string[]): Promise<Map<string, Date>>;
  /**
   * Records dated before `before`, ordered by (at, emailId), strictly after the `after`
   * cursor (a record previously returned), at most `limit`: the retention sweep's pages.
   */
  popDownloadedBefore(
    userId: UserId,
    before: Date,
    after: PopDownload | null,
    limit: number,
  ): Promise<PopDownload[]>;
  /** Drops records (their message is gone: an emailId is never reused). */
  forgetPopDownloads(userId: UserId, emailIds: string[]): Promise<void>;
}

/** When POP first downloaded a message (docs/pop3.md says what counts). */
export interface PopDownload {
  emailId: string;
  at: Date;
}

/** One holder's claim on a lease name. */
export interface LeaseHold {
  name: string;
  holder: string;
}

/**
 * Named exclusive leases shared by every process on one store, each with an expiry so a
 * crashed holder cannot keep one forever (the POP3 maildrop lock, RFC 1939 §8). Time is
 * the store's own clock (SQLite: the `now` option; a database server: its clock), so
 * holders never compare clocks with each other.
 */
export interface LeaseStore {
  /**
   * Takes `name` for `holder` until ttlMs from now, atomically: true when it was free,
   * expired, or already held by `holder` (then extended); false when someone else holds it.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /**
   * Extends held leases (expired or not) to ttlMs from now, in one go; returns those no
   * longer held by their holder (another holder took them after they expired).
   */
  renew(leases: readonly LeaseHold[], ttlMs: number): Promise<LeaseHold[]>;
  /** Gives the lease up (nothing when `holder` does not hold it). */
  release(name: string, holder: string): Promise<void>;
}

/** Immutable message bodies. Writes are durable (fsync) before they resolve. */
export interface BlobStore {
  /**
   * Bodies up to this size (bytes) may skip commitTemp and travel with the message
   * instead (NewMessage.body); 0 when the store keeps every body apart.
   */
  readonly inlineMax: number;
  /**
   * Stores bytes already normalised (CRLF) whose sha256 is `id`. The bytes come from a
   * file the caller wrote (and closed) under tempDir(); the store moves it into place and
   * makes both its bytes and its name durable before resolving.
   */
  commitTemp(tempPath: string, id: BlobId): Promise<void>;
  /** A directory on the same filesystem for writing incoming bodies. */
  tempDir(): string;
  /** Reads [start, end) of a blob; the whole blob without a range. */
  read(id: BlobId, start?: number, end?: number): NodeJS.ReadableStream;
  readBuffer(id: BlobId, start?: number, end?: number): Promise<Buffer>;
  exists(id: BlobId): Promise<boolean>;
  /** Deletes blobs no message references any more; returns how many. */
  collectGarbage(): Promise<number>;
}

export interface Store {
  readonly accounts: AccountStore;
  readonly mail: MailStore;
  readonly blobs: BlobStore;
  readonly changes: ChangeBus;
  /** Cross-process exclusive leases (POP3 maildrop locks). */
  readonly leases: LeaseStore;
  /** Outbound queue and DKIM keys (src/store/queue.ts); optional until every store has them. */
  readonly queue?: QueueStore;
  readonly dkimKeys?: DkimKeyStore;
  /** Sieve scripts and the vacation log (src/store/sieve.ts); optional like queue. */
  readonly sieve?: SieveStore;
  /** URLAUTH mailbox access keys (src/store/urlauth.ts); optional like queue. */
  readonly urlAuthKeys?: UrlAuthKeyStore;
  /** Checks and repairs after a crash (counters, stale temp files); safe to run at every
   *  start, and quick: it reads no body file. */
  check(): Promise<{ repaired: string[] }>;
  /** One line per message whose body file is missing (never deleted, only reported). Reads
   *  every blob's file entry, so the server runs it in the background after starting;
   *  `stopped()` true ends it early. */
  findMissingBodies(stopped?: () => boolean): Promise<string[]>;
  close(): Promise<void>;
}
