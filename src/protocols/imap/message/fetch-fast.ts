// Fast path for FETCHes of record-only items (UID, FLAGS, MODSEQ, RFC822.SIZE,
// INTERNALDATE, SAVEDATE, EMAILID, THREADID): one string per page instead of a response
// builder per message, so a client's `UID FETCH 1:* (FLAGS)` resync stays cheap
// (CLIENT-QUIRKS §1 Thunderbird). The output is identical to the general path.

import type { MessageRecord } from '../../../store/types.js';
import { formatDateTime } from '../wire/datetime.js';
import type { FetchAttr } from '../wire/fetch-items.js';

/** The items fetchLine() writes. */
export const FAST_ITEMS = [
  'UID',
  'FLAGS',
  'MODSEQ',
  'RFC822.SIZE',
  'INTERNALDATE',
  'SAVEDATE',
  'EMAILID',
  'THREADID',
] as const;
const FAST = new Set<string>(FAST_ITEMS);

/** True when every item can be written by fetchLine(). */
export function isFastFetch(attrs: readonly FetchAttr[]): boolean {
  return attrs.every((a) => a.kind === 'simple' && FAST.has(a.name));
}

/** `* seq FETCH (...)\r\n` for record-only items (`* uid UIDFETCH (...)` under RFC 9586). */
export function fetchLine(
  seq: number,
  rec: MessageRecord,
  attrs: readonly FetchAttr[],
  uidOnly = false,
): string {
  const items: string[] = [];
  for (const a of attrs) {
    if (a.kind !== 'simple') continue;
    switch (a.name) {
      case 'UID':
        items.push(`UID ${rec.uid}`);
        break;
      case 'FLAGS':
        items.push(`FLAGS (${rec.flags.join(' ')})`);
        break;
      case 'MODSEQ':
        items.push(`MODSEQ (${rec.modseq})`);
        break;
      case 'RFC822.SIZE':
        items.push(`RFC822.SIZE ${rec.size}`);
        break;
      case 'INTERNALDATE':
        items.push(`INTERNALDATE ${formatDateTime(rec.internalDate.getTime(), 0)}`);
        break;
      case 'SAVEDATE':
        items.push(`SAVEDATE ${formatDateTime(rec.saveDate.getTime(), 0)}`);
        break;
      case 'EMAILID':
        items.push(`EMAILID (${rec.emailId})`);
        break;
      case 'THREADID':
        items.push(`THREADID (${rec.threadId})`);
        break;
    }
  }
  const lead = uidOnly ? `${rec.uid} UIDFETCH` : `${seq} FETCH`;
  return `* ${lead} (${items.join(' ')})\r\n`;
}
