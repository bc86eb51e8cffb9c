// RFC 9586 UIDONLY: after `ENABLE UIDONLY` a session neither accepts nor sends message
// sequence numbers. The session keeps its SeqMap (other rules still need it); what
// changes is on the wire, and the two rules shared by the session and the handlers are
// here:
// - which commands name messages by number: answered `BAD [UIDREQUIRED]` (RFC 9586 §3);
// - how data about one message is sent: `* uid UIDFETCH (...)` instead of
//   `* seq FETCH (...)`, without an implicit UID item (the number is the UID).
// EXPUNGE becomes VANISHED (as under QRESYNC) wherever a session reports expunges.

import type { ImapCommand } from './wire/commands/types.js';
import type { EncodeOptions, ResponsePart } from './wire/encode.js';
import { type FetchItem, fetchResponse, uidFetchResponse } from './wire/fetch-response.js';
import type { SearchKey } from './wire/search.js';

/** True when the command names messages by sequence number (RFC 9586 §3): the non-UID
 *  message commands, a sequence-set search key (`$`, the saved UIDs, is fine) and the
 *  QRESYNC seq-match data of SELECT/EXAMINE. */
export function usesSequenceNumbers(cmd: ImapCommand): boolean {
  switch (cmd.name) {
    case 'FETCH':
    case 'STORE':
    case 'COPY':
    case 'MOVE':
    case 'REPLACE':
      return !cmd.uid;
    case 'SEARCH':
    case 'SORT':
    case 'THREAD':
      return !cmd.uid || cmd.program.keys.some(hasSequenceKey);
    case 'SELECT':
    case 'EXAMINE':
      return cmd.qresync?.seqMatch != null;
    default:
      return false;
  }
}

function hasSequenceKey(k: SearchKey): boolean {
  switch (k.type) {
    case 'seq':
      return k.set.kind !== 'saved';
    case 'not':
      return hasSequenceKey(k.key);
    case 'or':
      return hasSequenceKey(k.left) || hasSequenceKey(k.right);
    case 'and':
      return k.keys.some(hasSequenceKey);
    default:
      return false;
  }
}

/** `* seq FETCH (...)`, or under UIDONLY `* uid UIDFETCH (...)`. */
export function messageData(
  uidOnly: boolean,
  seq: number,
  uid: number,
  items: readonly FetchItem[],
  opts: EncodeOptions,
): ResponsePart[] {
  return uidOnly ? uidFetchResponse(uid, items, opts) : fetchResponse(seq, items, opts);
}
