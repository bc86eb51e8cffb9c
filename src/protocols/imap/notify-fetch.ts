// RFC 5465 §5.2 MessageNew with fetch attributes: after the EXISTS announcing new messages
// of the selected mailbox, one FETCH per message with the attributes the client named in
// NOTIFY SET (SELECTED (MessageNew (...) MessageExpunge)). Other mailboxes get STATUS only
// (the parser refuses fetch attributes there). Nothing here sets \Seen: the RFC asks
// clients not to use such attributes, and a push should not change the mailbox.

import type { MailCore } from '../../core/index.js';
import type { MailboxView } from './mailbox-view.js';
import { MetaCache, MissingPartError, messageItems } from './message/fetch-message.js';
import { toRanges } from './sequence.js';
import type { EncodeOptions, ResponsePart } from './wire/encode.js';
import type { FetchAttr } from './wire/fetch-items.js';
import { fetchResponse } from './wire/fetch-response.js';

/** The FETCH responses for `uids` (just announced by EXISTS), in UID order. */
export async function newMessageFetches(
  core: MailCore,
  view: MailboxView,
  uids: readonly number[],
  attrs: readonly FetchAttr[],
  encode: EncodeOptions,
): Promise<ResponsePart[][]> {
  const out: ResponsePart[][] = [];
  if (uids.length === 0 || attrs.length === 0) return out;
  const cache = new MetaCache(core.messages);
  for await (const page of core.messages.pages(
    view.mailboxId,
    toRanges([...uids].sort((a, b) => a - b)),
    200,
  )) {
    for (const rec of page) {
      const seq = view.seq.uidToSeq(rec.uid);
      if (seq === 0) continue; // expunged meanwhile: its EXPUNGE follows
      rec.flags = view.withRecent(rec.uid, rec.flags);
      try {
        out.push(fetchResponse(seq, await messageItems(core.messages, cache, rec, attrs, encode), encode));
      } catch (e) {
        if (!(e instanceof MissingPartError)) throw e;
      }
    }
  }
  return out;
}
