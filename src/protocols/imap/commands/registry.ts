// Every IMAP command and its handler: a Record over the command names of the wire
// layer's union, so a command without a handler (or a handler typed against the wrong
// command) is a compile error. One file per command; the message commands live in
// ./message/ (FETCH, STORE, COPY, MOVE, EXPUNGE, SEARCH, SORT, THREAD, APPEND, REPLACE).

import type { CommandHandler } from '../context.js';
import type { CommandName } from '../wire/commands/types.js';
import { authenticateCommand } from './authenticate.js';
import { cancelUpdateCommand } from './cancelupdate.js';
import { capabilityCommand } from './capability.js';
import { checkCommand } from './check.js';
import { closeCommand } from './close.js';
import { compressCommand } from './compress.js';
import { createCommand } from './create.js';
import { deleteCommand } from './delete.js';
import { enableCommand } from './enable.js';
import { genUrlAuthCommand } from './genurlauth.js';
import { getQuotaCommand } from './getquota.js';
import { getQuotaRootCommand } from './getquotaroot.js';
import { idCommand } from './id.js';
import { idleCommand } from './idle.js';
import { listCommand } from './list.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { lsubCommand } from './lsub.js';
import { appendCommand } from './message/append.js';
import { copyCommand } from './message/copy.js';
import { expungeCommand } from './message/expunge.js';
import { fetchCommand } from './message/fetch.js';
import { moveCommand } from './message/move.js';
import { replaceCommand } from './message/replace.js';
import { searchCommand } from './message/search.js';
import { sortCommand } from './message/sort.js';
import { storeCommand } from './message/store.js';
import { threadCommand } from './message/thread.js';
import { namespaceCommand } from './namespace.js';
import { noopCommand } from './noop.js';
import { notifyCommand } from './notify.js';
import { renameCommand } from './rename.js';
import { resetKeyCommand } from './resetkey.js';
import { examineCommand, selectCommand } from './select.js';
import { setQuotaCommand } from './setquota.js';
import { startTlsCommand } from './starttls.js';
import { statusCommand } from './status.js';
import { subscribeCommand, unsubscribeCommand } from './subscribe.js';
import { unauthenticateCommand } from './unauthenticate.js';
import { unselectCommand } from './unselect.js';
import { urlFetchCommand } from './urlfetch.js';

export type HandlerTable = { readonly [N in CommandName]: CommandHandler<N> };

export const HANDLERS: HandlerTable = {
  CAPABILITY: capabilityCommand,
  NOOP: noopCommand,
  LOGOUT: logoutCommand,
  ID: idCommand,
  STARTTLS: startTlsCommand,
  AUTHENTICATE: authenticateCommand,
  LOGIN: loginCommand,
  ENABLE: enableCommand,
  SELECT: selectCommand,
  EXAMINE: examineCommand,
  NAMESPACE: namespaceCommand,
  CREATE: createCommand,
  DELETE: deleteCommand,
  RENAME: renameCommand,
  SUBSCRIBE: subscribeCommand,
  UNSUBSCRIBE: unsubscribeCommand,
  LIST: listCommand,
  LSUB: lsubCommand,
  STATUS: statusCommand,
  APPEND: appendCommand,
  IDLE: idleCommand,
  GENURLAUTH: genUrlAuthCommand,
  RESETKEY: resetKeyCommand,
  URLFETCH: urlFetchCommand,
  NOTIFY: notifyCommand,
  GETQUOTA: getQuotaCommand,
  GETQUOTAROOT: getQuotaRootCommand,
  SETQUOTA: setQuotaCommand,
  COMPRESS: compressCommand,
  UNAUTHENTICATE: unauthenticateCommand,
  CHECK: checkCommand,
  CLOSE: closeCommand,
  UNSELECT: unselectCommand,
  CANCELUPDATE: cancelUpdateCommand,
  EXPUNGE: expungeCommand,
  SEARCH: searchCommand,
  FETCH: fetchCommand,
  STORE: storeCommand,
  COPY: copyCommand,
  MOVE: moveCommand,
  REPLACE: replaceCommand,
  SORT: sortCommand,
  THREAD: threadCommand,
};
