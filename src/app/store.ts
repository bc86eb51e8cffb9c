// Picks the store from the config: the embedded SQLite store under the data directory
// unless `store` names another. PostgreSQL is not built yet: say so clearly.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import { openSqliteStore } from '../store-sqlite/index.js';
import { StartupError } from './errors.js';

/** `log`: where the store's own failures go (a throwing change listener, a failed
 *  background step); without it they are dropped (short-lived CLI commands). */
export async function openStore(config: Config, log?: Logger): Promise<Store> {
  const url = config.store;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url)) {
    throw new StartupError(
      'the PostgreSQL store is not available yet; omit --store to use the embedded SQLite store in the data directory',
    );
  }
  // 'sqlite:' alone, or absent: the data directory; 'sqlite:PATH': another directory.
  const dir =
    url?.startsWith('sqlite:') && url.length > 'sqlite:'.length
      ? url.slice('sqlite:'.length)
      : config.dataDir;
  try {
    return await openSqliteStore(
      dir,
      log
        ? {
            onListenerError: (err) => log.error({ subsystem: 'store', err }, 'a change listener failed'),
            onBackgroundError: (err) =>
              log.error({ subsystem: 'store', err }, 'background work of the store failed (retried)'),
          }
        : {},
    );
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'EACCES')
      throw new StartupError(`cannot open the store in ${dir}: ${(e as Error).message}`, { cause: e });
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
      throw new StartupError(`the store in ${dir} is damaged: ${(e as Error).message}`, { cause: e });
    throw e;
  }
}
