// Helpers for the store contract suite: fresh stores, users, blob metadata and bodies.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobMeta, NewMessage, Store, User } from '../types.js';

export interface StoreFixture {
  store: Store;
  /** Closes the store and removes its data. */
  cleanup(): Promise<void>;
}

/** Makes a fresh, empty store; `reopen` (when supported) opens a second handle on the same data. */
export type MakeStore = () => Promise<StoreFixture & { reopen?: () => Promise<Store> }>;

/** Asserts that `p` rejects with a domain error of this code (store errors carry `code`). */
export async function rejectsCode(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.equal((e as { code?: string }).code, code, `expected ${code}, got ${String(e)}`);
    return true;
  });
}

let serial = 0;

export interface TestMessage {
  subject?: string;
  from?: string;
  to?: string;
  cc?: string;
  date?: Date | null;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  body?: string;
  extraHeaders?: string;
  /** BlobMeta fields the analyzer would compute, when a test needs other values. */
  meta?: Partial<BlobMeta>;
}

/** Builds raw bytes and matching BlobMeta (a stand-in for the MIME analyzer). */
export function buildMessage(m: TestMessage = {}): { raw: Buffer; meta: BlobMeta } {
  serial++;
  const subject = m.subject ?? `message ${serial}`;
  const from = m.from ?? 'alice@example.test';
  const to = m.to ?? 'bob@example.test';
  const cc = m.cc ?? '';
  const body = m.body ?? `Body of message ${serial} ${Math.random()}\r\n`;
  const messageId = m.messageId === undefined ? `m${serial}.${Date.now()}@example.test` : m.messageId;
  const headers = [
    `From: ${from}`,
    `To: ${to}`,
    ...(cc ? [`Cc: ${cc}`] : []),
    `Subject: ${subject}`,
    ...(m.date !== null ? [`Date: ${(m.date ?? new Date(Date.UTC(2024, 0, 1))).toUTCString()}`] : []),
    ...(messageId ? [`Message-ID: <${messageId}>`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.extraHeaders ? [m.extraHeaders] : []),
  ];
  const headerText = headers.join('\r\n');
  const raw = Buffer.from(`${headerText}\r\n\r\n${body}`);
  const id = createHash('sha256').update(raw).digest('hex');
  const local = (a: string) => a.split('@')[0] ?? '';
  return {
    raw,
    meta: {
      id,
      size: raw.length,
      structure: '{}',
      subject,
      from: local(from),
      to: local(to),
      cc: cc ? local(cc) : '',
      fromDisplay: from,
      toDisplay: to,
      fromText: from,
      toText: to,
      ccText: cc,
      bccText: '',
      sentDate: m.date === null ? null : (m.date ?? new Date(Date.UTC(2024, 0, 1))),
      sentOffset: m.date === null ? null : 0,
      messageId,
      inReplyTo: m.inReplyTo ?? null,
      references: m.references ?? [],
      headerText,
      bodyText: body,
      preview: body.slice(0, 200),
      hasAttachment: false,
      ...m.meta,
    },
  };
}

/** Writes the body through tempDir + commitTemp, as the core does. */
export async function putBlob(store: Store, raw: Buffer, id: string): Promise<void> {
  const tmp = join(store.blobs.tempDir(), `contract-${process.pid}-${serial++}-${Math.random()}`);
  await writeFile(tmp, raw);
  await store.blobs.commitTemp(tmp, id);
}

/** Stores a body and returns a NewMessage for append. */
export async function newMessage(
  store: Store,
  m: TestMessage = {},
  flags: string[] = [],
  internalDate = new Date(),
): Promise<NewMessage & { raw: Buffer }> {
  const { raw, meta } = buildMessage(m);
  await putBlob(store, raw, meta.id);
  return { blob: meta, flags, internalDate, threadId: null, raw };
}

export async function makeUser(store: Store, address = `u${serial++}@example.test`): Promise<User> {
  const domain = address.slice(address.indexOf('@') + 1);
  if (!(await store.accounts.getDomain(domain))) await store.accounts.createDomain(domain);
  return store.accounts.createUser({
    address,
    passwordHash: '$scrypt$test',
    mailboxes: [
      { name: 'INBOX', specialUse: null, subscribed: true },
      { name: 'Trash', specialUse: '\\Trash', subscribed: true },
    ],
  });
}

export async function mailboxId(store: Store, userId: number, name: string): Promise<number> {
  const m = await store.mail.getMailbox(userId, name);
  assert.ok(m, `mailbox ${name} exists`);
  return m.id;
}
