// Picks the store from the config: the embedded SQLite store under the data directory
// unless `store` names another. PostgreSQL is not built yet: say so clearly.
import type { Config } from '../config/schema.js';
import type { Store } from '../store/types.js';
import { StartupError } from './errors.js';

export async function openStore(config: Config): Promise<Store> {
  const url = config.store;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url)) {
    throw new StartupError(
      'the PostgreSQL store is not available yet; omit --store to use the embedded SQLite store in the data directory',
    );
  }
  throw new StartupError('the embedded store is not merged yet');
}
