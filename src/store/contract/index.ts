// The store contract suite: every Store implementation runs it (see test/store/).
// It registers node:test tests; `makeStore` returns a fresh empty store each time.
import { accountContract } from './accounts.js';
import { bodyContract } from './bodies.js';
import type { MakeStore } from './helpers.js';
import { mailboxContract } from './mailboxes.js';
import { badInputContract, flagPageContract, messageContract } from './messages.js';
import { leaseContract, popDownloadContract } from './pop.js';
import { searchContract } from './search.js';
import { searchFieldsContract } from './search-fields.js';
import { uidRunsContract } from './uid-runs.js';
import { urlAuthContract } from './urlauth.js';

export type { MakeStore, StoreFixture } from './helpers.js';

export function runStoreContract(makeStore: MakeStore): void {
  accountContract(makeStore);
  mailboxContract(makeStore);
  messageContract(makeStore);
  searchContract(makeStore);
  searchFieldsContract(makeStore);
  flagPageContract(makeStore);
  badInputContract(makeStore);
  popDownloadContract(makeStore);
  leaseContract(makeStore);
  uidRunsContract(makeStore);
  urlAuthContract(makeStore);
  bodyContract(makeStore);
}
