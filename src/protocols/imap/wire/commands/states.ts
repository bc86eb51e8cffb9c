// In which session states each command is valid (RFC 9051 §6 headings; RFC 5161 §3.1:
// ENABLE only before a mailbox is selected). A Record over CommandName, so adding a command
// to the union without listing its states is a compile error.

import type { CommandName } from './types.js';

export type ImapState = 'not-authenticated' | 'authenticated' | 'selected';

const ANY: readonly ImapState[] = ['not-authenticated', 'authenticated', 'selected'];
const NOT_AUTH: readonly ImapState[] = ['not-authenticated'];
const AUTH: readonly ImapState[] = ['authenticated', 'selected'];
const SELECTED: readonly ImapState[] = ['selected'];

export const COMMAND_STATES: Readonly<Record<CommandName, readonly ImapState[]>> = {
  CAPABILITY: ANY,
  NOOP: ANY,
  LOGOUT: ANY,
  ID: ANY,
  STARTTLS: NOT_AUTH,
  AUTHENTICATE: NOT_AUTH,
  LOGIN: NOT_AUTH,
  ENABLE: ['authenticated'],
  SELECT: AUTH,
  EXAMINE: AUTH,
  NAMESPACE: AUTH,
  CREATE: AUTH,
  DELETE: AUTH,
  RENAME: AUTH,
  SUBSCRIBE: AUTH,
  UNSUBSCRIBE: AUTH,
  LIST: AUTH,
  LSUB: AUTH,
  STATUS: AUTH,
  APPEND: AUTH,
  IDLE: AUTH,
  GENURLAUTH: AUTH,
  RESETKEY: AUTH,
  URLFETCH: AUTH,
  NOTIFY: AUTH,
  GETQUOTA: AUTH,
  GETQUOTAROOT: AUTH,
  SETQUOTA: AUTH,
  COMPRESS: AUTH,
  UNAUTHENTICATE: AUTH,
  CHECK: SELECTED,
  CLOSE: SELECTED,
  UNSELECT: SELECTED,
  CANCELUPDATE: SELECTED,
  EXPUNGE: SELECTED,
  SEARCH: SELECTED,
  FETCH: SELECTED,
  STORE: SELECTED,
  COPY: SELECTED,
  MOVE: SELECTED,
  REPLACE: SELECTED,
  SORT: SELECTED,
  THREAD: SELECTED,
};

export function validIn(name: CommandName, state: ImapState): boolean {
  return COMMAND_STATES[name].includes(state);
}
