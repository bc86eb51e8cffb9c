// The store contract suite: every Store implementation runs it (see test/store/).
// It registers node:test tests; `makeStore` returns a fresh empty store each time.
import { accountContract } from './accounts.js';
import type { MakeStore } from './helpers.js';
import { mailboxContract } from './mailboxes.js';
import { badInputContract, flagPageContract, messageContract } from './messages.js';
import { searchContract } from './search.js';
import { urlAuthContract } from './urlauth.js';

export type { MakeStore, StoreFixture } from './helpers.js';

export function runStoreContract(makeStore: MakeStore): void {
  accountContract(makeStore);
  mailboxContract(makeStore);
  messageContract(makeStore);
  searchContract(makeStore);
  flagPageContract(makeStore);
  badInputContract(makeStore);
  urlAuthContract(makeStore);
}
