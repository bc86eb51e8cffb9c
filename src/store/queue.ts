// The outbound queue and DKIM keys, as the store keeps them. A queued message references
// its body blob (never a copy of the bytes); each recipient carries its own state so a
// partly delivered message retries only what is left.
import type { BlobId, UserId } from './types.js';

export type QueueRecipientState = 'pending' | 'delivered' | 'failed';

/** RFC 3461 §4.1 NOTIFY values; NEVER stands alone. */
export type DsnNotify = 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY';

/** The MAIL FROM DSN parameters (RFC 3461 §4.3, §4.4), xtext-decoded; null when not given. */
export interface DsnEnvelope {
  ret: 'FULL' | 'HDRS' | null;
  envid: string | null;
}

/** The RCPT TO DSN parameters (RFC 3461 §4.1, §4.2), xtext-decoded; null when not given. */
export interface DsnRecipientParams {
  notify: DsnNotify[] | null;
  /** "addr-type;address", e.g. "rfc822;a@b". */
  orcpt: string | null;
}

export interface QueueRecipient {
  address: string;
  /** Lower-case domain part; the runner groups by it. */
  domain: string;
  state: QueueRecipientState;
  attempts: number;
  nextAttemptAt: Date;
  /** The last reply or diagnostic, for `queue list` and DSNs. */
  lastCode: number | null;
  lastEnhanced: string | null;
  lastDiagnostic: string | null;
  remoteMta: string | null;
  lastAttemptAt: Date | null;
  /** NOTIFY and ORCPT as the client gave them (null: not given). */
  notify: DsnNotify[] | null;
  orcpt: string | null;
  /** A "delayed" DSN was sent for this recipient (only one is). */
  delayNotified: boolean;
}

export interface QueuedMessage {
  id: number;
  blobId: BlobId;
  /** Envelope sender; '' for the null sender (DSNs). */
  mailFrom: string;
  size: number;
  /** The body has 8-bit data (BODY=8BITMIME on the next hop). */
  eightBit: boolean;
  /** Submitting user, null for mail relayed from elsewhere (DSNs, forwards). */
  userId: UserId | null;
  createdAt: Date;
  /** RET and ENVID from MAIL FROM (nulls when not given). */
  dsn: DsnEnvelope;
  recipients: QueueRecipient[];
}

export interface NewQueuedMessage {
  blobId: BlobId;
  mailFrom: string;
  size: number;
  eightBit: boolean;
  userId: UserId | null;
  recipients: string[];
  now: Date;
  dsn?: DsnEnvelope;
  /** Per-recipient NOTIFY/ORCPT, by address as in `recipients`. */
  recipientDsn?: Record<string, DsnRecipientParams>;
}

export interface RecipientUpdate {
  address: string;
  state: QueueRecipientState;
  nextAttemptAt: Date;
  code: number | null;
  enhanced: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
  at: Date;
}

export interface QueueStore {
  /** Durable before it resolves: a 250 may be given once this returns. */
  enqueue(msg: NewQueuedMessage): Promise<QueuedMessage>;
  get(id: number): Promise<QueuedMessage | null>;
  /** Messages with at least one pending recipient due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<QueuedMessage[]>;
  /** The earliest nextAttemptAt of any pending recipient, null when nothing is pending. */
  nextDue(): Promise<Date | null>;
  /** All messages, ascending id, after `afterId` (paging for `queue list`). */
  list(afterId: number, limit: number): Promise<QueuedMessage[]>;
  /** Records one attempt's outcome for some recipients (attempts + 1 each). */
  update(id: number, updates: RecipientUpdate[]): Promise<void>;
  /** Records that a "delayed" DSN went out for these recipients. */
  markDelayNotified(id: number, addresses: string[]): Promise<void>;
  /** Makes every pending recipient of `id` (all messages when null) due at `now`. */
  retryNow(id: number | null, now: Date): Promise<number>;
  /** Removes a message (done, or `queue delete`). NotFound when absent. */
  remove(id: number): Promise<void>;
  /** Blob ids some queued message still references (blob garbage collection keeps them). */
  referencedBlobs(ids: BlobId[]): Promise<Set<BlobId>>;
}

export interface DkimKeyRecord {
  domain: string;
  selector: string;
  privateKeyPem: string;
  publicKey: string;
  createdAt: Date;
}

export interface DkimKeyStore {
  /** The key used for signing (the newest), null when the domain has none. */
  get(domain: string): Promise<DkimKeyRecord | null>;
  /** Adds a key (a rotation keeps the old ones for DNS overlap). */
  put(key: DkimKeyRecord): Promise<void>;
}
