// STATUS data items (RFC 9051 §6.3.11, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ, RFC 7889
// APPENDLIMIT, RFC 8474 MAILBOXID) from the mailbox counters the store keeps: no message
// is read, so STATUS stays cheap for clients that poll every folder (Thunderbird).

import type { MailCore } from '../../../../core/index.js';
import type { Mailbox } from '../../../../store/types.js';
import type { StatusItem } from '../../wire/commands/types.js';

export function mailboxObjectId(b: Pick<Mailbox, 'id' | 'uidValidity'>): string {
  return `M${b.id}-${b.uidValidity}`;
}

/** The values of `items`; `recent` is the RECENT count (see recentFor). */
export function statusValues(
  b: Mailbox,
  items: readonly StatusItem[],
  appendLimit: number,
  recent = 0,
): Array<[StatusItem, number | string]> {
  return items.map((it): [StatusItem, number | string] => [
    it,
    it === 'RECENT' ? recent : statusValue(b, it, appendLimit),
  ]);
}

/** RFC 3501 §6.3.10 STATUS RECENT: the messages no session has claimed as \Recent yet
 *  (one UID-range count, only when RECENT is asked and some may be unclaimed). */
export async function recentFor(
  core: Pick<MailCore, 'messages'>,
  b: Mailbox,
  items: readonly StatusItem[],
): Promise<number> {
  if (!items.includes('RECENT') || b.recentUid >= b.uidNext - 1) return 0;
  const range = { start: b.recentUid + 1, end: Number.POSITIVE_INFINITY };
  return (await core.messages.search(b.id, { k: 'uid', ranges: [range] })).length;
}

function statusValue(b: Mailbox, it: StatusItem, appendLimit: number): number | string {
  switch (it) {
    case 'MESSAGES':
      return b.messages;
    case 'UIDNEXT':
      return b.uidNext;
    case 'UIDVALIDITY':
      return b.uidValidity;
    case 'UNSEEN':
      return b.unseen;
    case 'DELETED':
      return b.deleted;
    case 'SIZE':
      return b.size;
    case 'HIGHESTMODSEQ':
      return Math.max(1, b.highestModseq);
    case 'RECENT':
      return 0; // counted by recentFor()
    case 'APPENDLIMIT':
      return appendLimit;
    case 'MAILBOXID':
      return mailboxObjectId(b);
  }
}
