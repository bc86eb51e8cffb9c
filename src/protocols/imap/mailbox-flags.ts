// The FLAGS and PERMANENTFLAGS a session announces for its selected mailbox (RFC 3501
// §7.2.6 / RFC 9051 §7.3.5 FLAGS, §7.1 PERMANENTFLAGS). SELECT announces the keywords in
// use; a keyword added later (by this or another session, or a COPY) is announced again,
// with a fresh FLAGS and PERMANENTFLAGS, before any FETCH shows it: clients keep the
// FLAGS list as the mailbox's flag vocabulary (imaptest checks exactly this).

import type { MailCore } from '../../core/index.js';
import type { MailboxView } from './mailbox-view.js';
import { untagged, untaggedStatus } from './wire/responses.js';

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/** `* FLAGS (...)` and `* OK [PERMANENTFLAGS (...)]` for these keywords. */
export function flagsResponses(keywords: Iterable<string>, readOnly: boolean): Buffer[] {
  const flags = [...SYSTEM_FLAGS, ...[...keywords].filter((k) => !k.startsWith('\\'))];
  const permanent = readOnly ? '()' : `(${[...flags, '\\*'].join(' ')})`;
  return [
    untagged(`FLAGS (${flags.join(' ')})`),
    untaggedStatus('OK', readOnly ? 'No permanent flags' : 'Flags allowed', `PERMANENTFLAGS ${permanent}`),
  ];
}

/** The responses announcing keywords of the view's mailbox not announced yet (none when
 *  nothing is new). Called before output that may show such a keyword: FETCH FLAGS,
 *  STORE's FETCH, and the flush of other sessions' appends and flag changes. */
export async function announceNewKeywords(core: MailCore, view: MailboxView): Promise<Buffer[]> {
  const now = await core.messages.keywords(view.mailboxId);
  if (now.every((k) => view.keywords.has(k))) return [];
  for (const k of now) view.keywords.add(k);
  return flagsResponses(view.keywords, view.readOnly);
}
