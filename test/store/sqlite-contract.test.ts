import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../../src/store/contract/index.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

runStoreContract(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-store-'));
  const store = await openSqliteStore(dir);
  const others: { close(): Promise<void> }[] = [];
  return {
    store,
    async reopen() {
      const s = await openSqliteStore(dir);
      others.push(s);
      return s;
    },
    async cleanup() {
      for (const o of others) await o.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
