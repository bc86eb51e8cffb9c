// A fresh data directory for a store test, removed afterwards, and what its database holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export async function inDataDir(
  fn: (dir: string) => Promise<void>,
  prefix = 'postroom-store-',
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bodies waiting for the trigram index, and entries in it (read by a connection of its own). */
export function dbCounts(dir: string): { pending: number; indexed: number } {
  const db = new Database(join(dir, 'store.db'), { readonly: true });
  try {
    const pending = db.prepare('SELECT count(*) FROM blobs WHERE text_truncated = 2').pluck().get() as number;
    const indexed = db.prepare('SELECT count(*) FROM blob_text_docsize').pluck().get() as number;
    return { pending, indexed };
  } finally {
    db.close();
  }
}
