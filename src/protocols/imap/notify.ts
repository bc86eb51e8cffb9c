// RFC 5465 NOTIFY: which events the client wants, reduced to what the session checks on
// each change of the feed.

import type { NotifyEvent, NotifyFilter } from './wire/commands/types.js';
import type { FetchAttr } from './wire/fetch-items.js';

export interface NotifyGroupSpec {
  filter: NotifyFilter;
  events: readonly NotifyEvent['kind'][];
}

export interface NotifySpec {
  /** Events for the selected mailbox (SELECTED / SELECTED-DELAYED). null: the default
   *  behaviour (report at command boundaries only). */
  selected: {
    events: readonly NotifyEvent['kind'][];
    delayed: boolean;
    /** RFC 5465 §5.2 MessageNew fetch attributes: FETCH sent after EXISTS (may be empty). */
    fetch: readonly FetchAttr[];
  } | null;
  /** Groups for other mailboxes (PERSONAL, INBOXES, SUBSCRIBED, SUBTREE, MAILBOXES). */
  others: NotifyGroupSpec[];
}
