// What the SMTP servers need from the rest of Postroom, as narrow ports. The app wires
// them to the mail core, the authenticator, the queue and the DKIM keys; tests may wire
// them to a real store directly. Nothing here knows SQL.
import type { Readable } from 'node:stream';
import type { DNSResolver } from 'mailauth';
import type { SigningKey } from '../../outbound/dkim-sign.js';
import type { DsnEnvelope, DsnRecipientParams } from '../../store/queue.js';

export type RecipientCheck = { ok: true } | { ok: false; reason: 'unknown' | 'over-quota' | 'unavailable' };

export interface LocalDeliveryResult {
  recipient: string;
  ok: boolean;
  /** A MailError (or anything) when !ok; mapped with replyForError. */
  error?: unknown;
}

export interface SmtpMailPort {
  isLocalDomain(domain: string): Promise<boolean>;
  /** RCPT-time check of an address in a local domain (aliases, plus, catch-all resolved). */
  checkRecipient(address: string, size: number): Promise<RecipientCheck>;
  /**
   * Stores the message (CRLF-normalised bytes) for local recipients; resolves once it is
   * durable for every recipient reported ok.
   */
  deliver(raw: Readable, envelope: { mailFrom: string; rcptTo: string[] }): Promise<LocalDeliveryResult[]>;
}

export interface SmtpSubmissionPort {
  /** May this user use `address` as envelope sender or From (own address or alias)? */
  mayUseSender(userId: number, address: string): Promise<boolean>;
  /** The key to sign mail from `domain` with, or null (sent unsigned). */
  signingKey(domain: string): Promise<SigningKey | null>;
  /**
   * Files the sent copy in the user's \Sent when their settings ask for it (deduplicated);
   * `raw` opens the message (called at most once, only when a copy is filed).
   */
  fileSentCopy(userId: number, raw: () => Readable): Promise<void>;
}

export interface QueueEnvelope {
  mailFrom: string;
  rcptTo: string[];
  userId: number | null;
  /** The body has bytes >= 0x80 (BODY=8BITMIME on the next hop). */
  eightBit: boolean;
  /** DSN parameters (RFC 3461) given by the client, kept with the queued message. */
  dsn?: DsnEnvelope;
  recipientDsn?: Record<string, DsnRecipientParams>;
}

export interface SmtpQueuePort {
  /** Stores the body durably and queues it for the recipients; returns the queue id. */
  enqueue(raw: Readable, envelope: QueueEnvelope): Promise<number>;
  /** Queues a "delivered" DSN to the sender for recipients that asked NOTIFY=SUCCESS. */
  reportDelivered(report: {
    mailFrom: string;
    envid: string | null;
    arrival: Date;
    recipients: { address: string; orcpt: string | null }[];
    header: Buffer;
  }): Promise<void>;
}

export type SmtpAuthOutcome =
  | { ok: true; userId: number; address: string }
  | {
      ok: false;
      reason: 'bad-credentials' | 'throttled' | 'disabled' | 'protocol-disabled' | 'tls-required';
    };

export interface SmtpAuthPort {
  authenticate(req: {
    username: string;
    password: string;
    protocol: 'smtp';
    remoteAddress: string | undefined;
    secure: boolean;
  }): Promise<SmtpAuthOutcome>;
}

export interface SmtpLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SmtpServices {
  mail: SmtpMailPort;
  submission: SmtpSubmissionPort;
  /** Remote recipients (and local retries) go here; without it they are refused with 451. */
  queue: SmtpQueuePort | null;
  auth: SmtpAuthPort;
  /** DNS for SPF/DKIM/DMARC/ARC (mailauth's resolver signature). */
  resolver: DNSResolver;
  log: SmtpLog;
}
