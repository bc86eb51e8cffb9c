// FETCH of UID, FLAGS and MODSEQ only (a client's resync, `UID FETCH 1:* (FLAGS)`, on every
// mailbox it opens: CLIENT-QUIRKS §1 Thunderbird). Reads the store's lean flag pages
// (uid, modseq, flags; no message record, no dates) in large pages and writes each page
// as one buffer. The output is byte for byte what the general path writes.

import type { UidRange } from '../../../store/types.js';
import type { CommandContext } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import type { FetchAttr } from '../wire/fetch-items.js';

/** Messages per store page: ~200 KB of responses. */
const PAGE = 5000;

type FlagItem = 'UID' | 'FLAGS' | 'MODSEQ';
const ITEMS = new Set<string>(['UID', 'FLAGS', 'MODSEQ']);

/** The items in order when every one is UID, FLAGS or MODSEQ; else null. */
export function flagsOnlyItems(attrs: readonly FetchAttr[]): FlagItem[] | null {
  const out: FlagItem[] = [];
  for (const a of attrs) {
    if (a.kind !== 'simple' || !ITEMS.has(a.name)) return null;
    out.push(a.name as FlagItem);
  }
  return out.length > 0 ? out : null;
}

/** Writes the responses; false when the mailbox was deselected meanwhile. */
export async function fetchFlagsOnly(
  ctx: CommandContext,
  view: MailboxView,
  ranges: UidRange[],
  items: readonly FlagItem[],
): Promise<boolean> {
  // Flag lists are shared by the store between messages with the same flags: join each once.
  const joined = new Map<readonly string[], string>();
  const flagText = (f: readonly string[]) => {
    let s = joined.get(f);
    if (s === undefined) {
      s = `FLAGS (${f.join(' ')})`;
      joined.set(f, s);
    }
    return s;
  };
  // \Recent is per session (RFC 3501 §2.3.2), never in the store's shared lists.
  const recentText = (f: readonly string[]) => `FLAGS (${['\\Recent', ...f].join(' ')})`;
  // RFC 9586 §3: under UIDONLY message data is `* uid UIDFETCH (...)`.
  const uidOnly = ctx.enabled.has('UIDONLY');
  for await (const page of ctx.core.messages.flagPages(view.mailboxId, ranges, PAGE)) {
    if (ctx.selected !== view) return false;
    let text = '';
    for (const m of page) {
      const seq = view.seq.uidToSeq(m.uid);
      if (seq === 0) continue; // appended after this session's view, or already expunged
      let line = uidOnly ? `* ${m.uid} UIDFETCH (` : `* ${seq} FETCH (`;
      for (let i = 0; i < items.length; i++) {
        if (i > 0) line += ' ';
        const it = items[i];
        if (it === 'UID') line += `UID ${m.uid}`;
        else if (it === 'MODSEQ') line += `MODSEQ (${m.modseq})`;
        else line += view.isRecent(m.uid) ? recentText(m.flags) : flagText(m.flags);
      }
      text += `${line})\r\n`;
    }
    if (text) await ctx.send(Buffer.from(text, 'utf8'));
  }
  return true;
}
