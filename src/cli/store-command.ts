// Running a command with the configured store opened and always closed (for commands that
// work below the admin facade: domain dns, queue list|retry|delete).
import { prepareDataDir } from '../app/data-dir.js';
import { openStore } from '../app/store.js';
import { ADMIN_FLAGS } from '../config/flags.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/types.js';
import { configFromOptions } from './options.js';

export async function withStore<T>(
  opts: Record<string, unknown>,
  fn: (store: Store, config: Config) => Promise<T>,
): Promise<T> {
  const config = configFromOptions(ADMIN_FLAGS, opts);
  await prepareDataDir(config.dataDir);
  const store = await openStore(config);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}
