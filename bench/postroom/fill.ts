// Fast path into Postroom's store for benchmark mailboxes: messages are analysed and
// their bodies written as blobs (several in flight), then appended to a mailbox in
// batches of one transaction each, instead of one IMAP APPEND or SMTP delivery per
// message. The bytes stored are exactly the bytes given (wire form, CRLF), as an IMAP
// APPEND of them would store.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailCore } from '../../src/core/index.js';
import { metaFromAnalysis } from '../../src/core/structure.js';
import { createAnalyzer } from '../../src/mime/index.js';
import type { BlobMeta, NewMessage, Store } from '../../src/store/types.js';
import { mapLimit } from '../lib/timer.js';

/** Messages per store transaction. */
export const FILL_BATCH = 2000;
/** Blob writes (each fsynced by the store) in flight at once. */
const BLOB_WRITES = 32;

/**
 * Analyses `raw` and stores its body as an APPEND would: a body up to the store's
 * inlineMax travels with its message (returned as `body`), a bigger one is committed now.
 */
export async function storeBlob(store: Store, raw: Buffer): Promise<{ meta: BlobMeta; body?: Buffer }> {
  const a = createAnalyzer();
  a.write(raw);
  const analysis = a.end();
  const id = createHash('sha256').update(raw).digest('hex');
  const meta = metaFromAnalysis(id, { ...analysis, size: raw.length });
  if (raw.length <= store.blobs.inlineMax) return { meta, body: raw };
  const tmp = join(store.blobs.tempDir(), `bench-fill-${id}`);
  await writeFile(tmp, raw);
  await store.blobs.commitTemp(tmp, id);
  return { meta };
}

export interface FillProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Appends messages `from`..`to-1` (given by `message(i)`) to `address`'s INBOX, in
 * batches of FILL_BATCH. `internalDate(i)` dates each one (the synthetic corpus uses the
 * message's own Date:).
 */
export async function fillInbox(
  core: MailCore,
  store: Store,
  address: string,
  range: { readonly from: number; readonly to: number },
  message: (i: number) => Buffer,
  internalDate: (i: number) => Date,
  progress?: (p: FillProgress) => void,
): Promise<void> {
  const user = await core.accounts.requireUser(address);
  const inbox = await core.mailboxes.require(user.id, 'INBOX');
  for (let start = range.from; start < range.to; start += FILL_BATCH) {
    const indexes: number[] = [];
    for (let i = start; i < Math.min(range.to, start + FILL_BATCH); i++) indexes.push(i);
    const blobs = await mapLimit(indexes, BLOB_WRITES, (i) => storeBlob(store, message(i)));
    const batch: NewMessage[] = blobs.map((b, k) => ({
      blob: b.meta,
      ...(b.body ? { body: b.body } : {}),
      flags: [],
      internalDate: internalDate(indexes[k] as number),
      threadId: null,
    }));
    await store.mail.append(user.id, inbox.id, batch);
    progress?.({ done: start + batch.length - range.from, total: range.to - range.from });
  }
}
