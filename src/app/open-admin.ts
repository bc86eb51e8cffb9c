// Opens the admin facade for the user/alias/domain commands on the configured store.
import type { Config } from '../config/schema.js';
import type { Admin } from './admin.js';
import { prepareDataDir } from './data-dir.js';
import { openStore } from './store.js';

export async function openAdmin(config: Config): Promise<Admin> {
  await prepareDataDir(config.dataDir);
  await openStore(config);
  throw new Error('unreachable');
}
