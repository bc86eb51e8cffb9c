import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startMaintenance } from '../../src/app/maintenance.js';
import { createCore } from '../../src/core/index.js';
import { createLogger } from '../../src/log/logger.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

/** Ages every body file past the store's grace period for bodies still being delivered. */
async function ageBlobFiles(dir: string): Promise<void> {
  const old = new Date(Date.now() - 3 * 3600_000);
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) await utimes(join(e.parentPath, e.name), old, old);
}

async function countBlobFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile() && /^[0-9a-f]{64}$/.test(e.name)) n++;
  return n;
}

test('maintenance sweeps remove bodies of expunged mail and keep the rest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-maint-'));
  // Every body a file (small ones are otherwise kept in the database), to age them here.
  const store = await openSqliteStore(dir, { inlineBodyMax: 0 });
  try {
    const core = createCore({ store });
    await core.accounts.createUser('gc@example.test', 'x');
    const user = (await core.accounts.getUser('gc@example.test'))!;
    const inbox = (await core.mailboxes.get(user.id, 'INBOX'))!;
    const raw = (s: string) => Buffer.from(`Subject: ${s}\r\n\r\nbody ${s}\r\n`);
    await core.messages.append(user.id, inbox.id, { source: [raw('keep')], flags: [] });
    await core.messages.append(user.id, inbox.id, { source: [raw('drop')], flags: ['\\Deleted'] });
    await core.messages.expunge(user.id, inbox.id);
    assert.equal(await countBlobFiles(join(dir, 'blobs')), 2);
    await ageBlobFiles(join(dir, 'blobs'));

    let sweeps = 0;
    const log = createLogger({ level: 'silent' });
    const done = new Promise<void>((resolve) => {
      const orig = store.blobs.collectGarbage.bind(store.blobs);
      store.blobs.collectGarbage = async () => {
        const n = await orig();
        if (++sweeps === 1) resolve();
        return n;
      };
    });
    // The sweep timer is unref'd (a server's listeners keep the process alive); hold the
    // event loop open here while waiting for the first sweep.
    const keepAlive = setInterval(() => {}, 1000);
    const stop = startMaintenance(store, log, { firstDelayMs: 1, intervalMs: 60_000 });
    await done;
    clearInterval(keepAlive);
    await stop();
    assert.equal(sweeps, 1);
    assert.equal(await countBlobFiles(join(dir, 'blobs')), 1);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
