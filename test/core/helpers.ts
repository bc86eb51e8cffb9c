// A fresh SQLite store in a temp dir for core tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/store/types.js';
import { openSqliteStore, type SqliteStore } from '../../src/store-sqlite/index.js';

export async function tempStore(): Promise<{ store: SqliteStore; dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-core-'));
  const store = await openSqliteStore(dir);
  return {
    store,
    dir,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import { createCore, type MailCore } from '../../src/core/index.js';

export async function tempCore(
  limits: { maxMessageSize?: number } = {},
): Promise<{ core: MailCore; store: Store; dir: string; cleanup(): Promise<void> }> {
  const t = await tempStore();
  const core = createCore({ store: t.store, limits });
  return { ...t, core };
}

/** An async iterable over chunks, as a socket would give them. */
export async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}
