// Row shapes as SQLite returns them, and their conversion to the contract's types.
import type {
  Alias,
  AppPassword,
  BlobMeta,
  Domain,
  Mailbox,
  MessageRecord,
  SpecialUse,
  User,
} from '../store/types.js';
import { flagsOf } from './flags.js';

export interface DomainRow {
  id: number;
  name: string;
  created_at: number;
}
export interface UserRow {
  id: number;
  address: string;
  domain_id: number;
  password_hash: string;
  quota_bytes: number | null;
  quota_messages: number | null;
  settings: string;
  created_at: number;
}
export interface AliasRow {
  id: number;
  address: string;
  target: string;
  created_at: number;
}
export interface AppPasswordRow {
  id: number;
  user_id: number;
  name: string;
  password_hash: string;
  protocols: string | null;
  created_at: number;
  last_used_at: number | null;
}
export interface MailboxRow {
  id: number;
  user_id: number;
  name: string;
  uid_validity: number;
  uid_next: number;
  highest_modseq: number;
  recent_uid: number;
  special_use: string | null;
  subscribed: number;
  messages: number;
  unseen: number;
  deleted: number;
  size: number;
  created_at: number;
}
export interface MessageRow {
  id: number;
  mailbox_id: number;
  uid: number;
  modseq: number;
  email_id: string;
  thread_id: string;
  blob_id: string;
  size: number;
  sflags: number;
  keywords: string;
  internal_date: number;
  save_date: number;
}
export interface BlobRow {
  rid: number;
  id: string;
  size: number;
  structure: string;
  subject: string;
  from_addr: string;
  to_addr: string;
  cc_addr: string;
  from_display: string;
  to_display: string;
  sent_date: number | null;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  header_text: string;
  body_text: string;
  preview: string;
  has_attachment: number;
  from_text: string;
  to_text: string;
  cc_text: string;
  bcc_text: string;
  sent_offset: number | null;
}

export const toDomain = (r: DomainRow): Domain => ({
  id: r.id,
  name: r.name,
  createdAt: new Date(r.created_at),
});

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  address: r.address,
  domainId: r.domain_id,
  passwordHash: r.password_hash,
  quotaBytes: r.quota_bytes,
  quotaMessages: r.quota_messages,
  settings: parseJsonObject(r.settings),
  createdAt: new Date(r.created_at),
});

export const toAlias = (r: AliasRow): Alias => ({
  id: r.id,
  address: r.address,
  target: r.target,
  createdAt: new Date(r.created_at),
});

export const toAppPassword = (r: AppPasswordRow): AppPassword => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  passwordHash: r.password_hash,
  protocols: r.protocols === null ? null : (JSON.parse(r.protocols) as string[]),
  createdAt: new Date(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at),
});

export const toMailbox = (r: MailboxRow): Mailbox => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  uidValidity: r.uid_validity,
  uidNext: r.uid_next,
  highestModseq: r.highest_modseq,
  recentUid: r.recent_uid,
  specialUse: r.special_use as SpecialUse | null,
  subscribed: r.subscribed === 1,
  messages: r.messages,
  unseen: r.unseen,
  deleted: r.deleted,
  size: r.size,
  createdAt: new Date(r.created_at),
});

export const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id,
  mailboxId: r.mailbox_id,
  uid: r.uid,
  modseq: r.modseq,
  emailId: r.email_id,
  threadId: r.thread_id,
  blobId: r.blob_id,
  size: r.size,
  flags: flagsOf(r.sflags, r.keywords),
  internalDate: new Date(r.internal_date),
  saveDate: new Date(r.save_date),
});

/** A MessageRow read as an array (SqliteDb.rawStmt), columns in MESSAGE_COLUMNS order. */
export type MessageRowArray = [
  id: number,
  mailboxId: number,
  uid: number,
  modseq: number,
  emailId: string,
  threadId: string,
  blobId: string,
  size: number,
  sflags: number,
  keywords: string,
  internalDate: number,
  saveDate: number,
];

export const toMessageFromArray = (r: MessageRowArray): MessageRecord => ({
  id: r[0],
  mailboxId: r[1],
  uid: r[2],
  modseq: r[3],
  emailId: r[4],
  threadId: r[5],
  blobId: r[6],
  size: r[7],
  flags: flagsOf(r[8], r[9]),
  internalDate: new Date(r[10]),
  saveDate: new Date(r[11]),
});

export const toBlobMeta = (r: BlobRow): BlobMeta => ({
  id: r.id,
  size: r.size,
  structure: r.structure,
  subject: r.subject,
  from: r.from_addr,
  to: r.to_addr,
  cc: r.cc_addr,
  fromDisplay: r.from_display,
  toDisplay: r.to_display,
  fromText: r.from_text,
  toText: r.to_text,
  ccText: r.cc_text,
  bccText: r.bcc_text,
  sentDate: r.sent_date === null ? null : new Date(r.sent_date),
  sentOffset: r.sent_offset,
  messageId: r.message_id,
  inReplyTo: r.in_reply_to,
  references: JSON.parse(r.refs) as string[],
  headerText: r.header_text,
  bodyText: r.body_text,
  preview: r.preview,
  hasAttachment: r.has_attachment === 1,
});

/** Columns selecting a MessageRow from `messages m` (MessageRowArray follows this order). */
export const MESSAGE_COLUMNS =
  'm.id, m.mailbox_id, m.uid, m.modseq, m.email_id, m.thread_id, m.blob_id, m.size, m.sflags, m.keywords, m.internal_date, m.save_date';

/** Columns selecting a MailboxRow, with the subscription looked up. */
export const MAILBOX_COLUMNS =
  'x.id, x.user_id, x.name, x.uid_validity, x.uid_next, x.highest_modseq, x.recent_uid, x.special_use, x.messages, x.unseen, x.deleted, x.size, x.created_at, EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = x.user_id AND s.name = x.name) AS subscribed';
