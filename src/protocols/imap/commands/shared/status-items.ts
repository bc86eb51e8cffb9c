// STATUS data items (RFC 9051 §6.3.11, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ, RFC 7889
// APPENDLIMIT, RFC 8474 MAILBOXID) from the mailbox counters the store keeps: no message
// is read, so STATUS stays cheap for clients that poll every folder (Thunderbird).

import type { Mailbox } from '../../../../store/types.js';
import type { StatusItem } from '../../wire/commands/types.js';

export function mailboxObjectId(b: Pick<Mailbox, 'id' | 'uidValidity'>): string {
  return `M${b.id}-${b.uidValidity}`;
}

export function statusValues(
  b: Mailbox,
  items: readonly StatusItem[],
  appendLimit: number,
): Array<[StatusItem, number | string]> {
  return items.map((it): [StatusItem, number | string] => [it, statusValue(b, it, appendLimit)]);
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
      return 0;
    case 'APPENDLIMIT':
      return appendLimit;
    case 'MAILBOXID':
      return mailboxObjectId(b);
  }
}
