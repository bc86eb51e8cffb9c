// The mail core: what every protocol calls. Built by the composition root (src/app)
// with createCore(); no globals, so tests build as many cores as they like.
import { createAnalyzer } from '../mime/index.js';
import type { AnalyzerLimits } from '../mime/types.js';
import type { ChangeBus, MailChange, Store, UserId } from '../store/types.js';
import { AccountService } from './accounts.js';
import { DeliveryService } from './delivery.js';
import type { AnalyzerFactory } from './ingest.js';
import { MailboxService } from './mailboxes.js';
import { MessageService } from './messages.js';
import { SentCopies } from './sent-copy.js';
import { SieveService } from './sieve.js';
import { UrlAuthService } from './urlauth.js';

export interface CoreLimits {
  /** Largest message stored, bytes (SMTP SIZE, IMAP APPENDLIMIT). */
  maxMessageSize: number;
  analyzer?: Partial<AnalyzerLimits>;
}

export const DEFAULT_LIMITS: CoreLimits = { maxMessageSize: 50 * 1024 * 1024 };

export interface CoreOptions {
  store: Store;
  /** The MIME analyzer; src/mime's createAnalyzer unless a test swaps it. */
  analyzer?: AnalyzerFactory;
  clock?: () => Date;
  limits?: Partial<CoreLimits>;
}

export interface MailCore {
  readonly accounts: AccountService;
  readonly mailboxes: MailboxService;
  readonly messages: MessageService;
  readonly delivery: DeliveryService;
  /** Sieve scripts and filtering (works when the store has `sieve`). */
  readonly sieve: SieveService;
  /** One copy in Sent whether the server or the client files it (sent-copy.ts). */
  readonly sentCopies: SentCopies;
  /** URLAUTH mailbox access keys and tokens (RFC 4467). */
  readonly urlAuth: UrlAuthService;
  readonly limits: CoreLimits;
  /** The change feed of one user (IMAP IDLE, POP3, webmail push); returns unsubscribe. */
  subscribe(userId: UserId, listener: (change: MailChange) => void): () => void;
  readonly changes: ChangeBus;
}

export function createCore(opts: CoreOptions): MailCore {
  const limits: CoreLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const clock = opts.clock ?? (() => new Date());
  const accounts = new AccountService(opts.store.accounts);
  const mailboxes = new MailboxService(opts.store);
  const messages = new MessageService(
    opts.store,
    accounts,
    mailboxes,
    {
      maxSize: limits.maxMessageSize,
      analyzer: opts.analyzer ?? createAnalyzer,
      ...(limits.analyzer ? { analyzerLimits: limits.analyzer } : {}),
    },
    clock,
  );
  const sieve = new SieveService(opts.store, mailboxes, messages, { clock });
  const delivery = new DeliveryService(accounts, mailboxes, messages, opts.store.sieve ? sieve : undefined);
  return {
    accounts,
    mailboxes,
    messages,
    delivery,
    sieve,
    sentCopies: new SentCopies(opts.store, messages, clock, undefined, opts.store.sieve ? sieve : undefined),
    urlAuth: new UrlAuthService(opts.store),
    limits,
    changes: opts.store.changes,
    subscribe: (userId, listener) => opts.store.changes.subscribe(userId, listener),
  };
}

export type { DeliveryEnvelope, DeliveryResult, RecipientResult } from './delivery.js';
export type { AppendInput } from './messages.js';
