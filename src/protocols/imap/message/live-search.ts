// RFC 5267 §4 CONTEXT=SEARCH: searches kept live by SEARCH/UID SEARCH RETURN (UPDATE).
//
// - A live search belongs to the selected mailbox's view (a new SELECT ends it) and keeps
//   the UIDs of its current result. CANCELUPDATE ends it.
// - The view records which UIDs changed (flags, appends; this session's own changes too);
//   at each point where untagged responses may be sent the session re-runs each live
//   search restricted to those UIDs and sends the difference as
//   `* ESEARCH (TAG "t") [UID] ADDTO (0 set)` / `REMOVEFROM (0 set)`.
// - Incremental: the store reads only the changed UIDs (search `within`), once per live
//   search and refresh, in windows with turns of the event loop between them; a search
//   whose keys do not read flags (TEXT, FROM, dates, sizes...) is not re-run for flag
//   changes at all, only for new messages. Measured in bench/postroom/live-search.ts.
// - Expunged messages: REMOVEFROM is sent just BEFORE the EXPUNGE responses, while the
//   message numbers it carries are still valid (RFC 5267 §4.3, §4.4). Under QRESYNC/UIDONLY
//   (VANISHED) the order does not matter, UIDs are used there by UID searches.
// - Position 0 in ADDTO/REMOVEFROM: results of SEARCH are unordered (RFC 5267 §4.3 allows
//   0 when the position is unknown or irrelevant).

import type { CommandContext } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import { toRanges } from '../sequence.js';
import type { ResponsePart } from '../wire/encode.js';
import type { SearchKey, SearchProgram } from '../wire/search.js';
import { esearchUpdate } from '../wire/search-responses.js';
import { translateSearch } from './search-translate.js';
import { UidSet } from './uid-set.js';

export interface LiveSearch {
  tag: string;
  uid: boolean;
  program: SearchProgram;
  /** UIDs currently in the result. */
  result: UidSet;
  /** The program reads flags or MODSEQ: flag changes can move a message in or out. */
  readsFlags: boolean;
}

/** True when a flag change (which also raises the message's MODSEQ) can change whether a
 *  message matches `k`. Every other key reads what a message keeps for life (text,
 *  addresses, dates, size, UID; message numbers move only with expunges). */
function keyReadsFlags(k: SearchKey): boolean {
  switch (k.type) {
    case 'flag':
    case 'new':
    case 'modseq':
      return true;
    case 'not':
      return keyReadsFlags(k.key);
    case 'or':
      return keyReadsFlags(k.left) || keyReadsFlags(k.right);
    case 'and':
      return k.keys.some(keyReadsFlags);
    default:
      return false;
  }
}

/** A live search for SEARCH RETURN (UPDATE), from its first result (ascending UIDs). */
export function newLiveSearch(tag: string, uid: boolean, program: SearchProgram, uids: number[]): LiveSearch {
  return { tag, uid, program, result: new UidSet(uids), readsFlags: program.keys.some(keyReadsFlags) };
}

/** Live searches per selected mailbox: each holds its result's UIDs (memory) and is
 *  re-run on every change batch (CPU). Beyond it SEARCH answers OK [NOUPDATE "tag"]. */
export const MAX_LIVE_SEARCHES = 16;

/** A tag as an IMAP quoted string (response code argument). */
export function quoteTag(tag: string): string {
  return `"${tag.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** REMOVEFROM lines for `uids` about to leave the view (expunged). Call BEFORE the view's
 *  SeqMap drops them: message numbers are taken from it. */
export function liveExpunged(view: MailboxView, uids: Iterable<number>): ResponsePart[][] {
  const out: ResponsePart[][] = [];
  if (view.liveSearches.length === 0) return out;
  const gone = [...uids];
  for (const s of view.liveSearches) {
    const hit = s.result.deleteAll(gone);
    if (hit.length === 0) continue;
    const nums = s.uid ? hit : hit.map((u) => view.seq.uidToSeq(u)).filter((n) => n > 0);
    if (nums.length > 0) out.push(esearchUpdate(s.tag, s.uid, 'REMOVEFROM', nums));
  }
  return out;
}

/** Matching UIDs among `uids` (ascending, in the view): only those are read. */
async function searchAmong(
  ctx: CommandContext,
  view: MailboxView,
  program: SearchProgram,
  uids: readonly number[],
): Promise<number[]> {
  const hits = await ctx.core.messages.search(view.mailboxId, translateSearch(view, program), toRanges(uids));
  return hits.filter((u) => view.seq.has(u));
}

/** Re-evaluates the live searches for the UIDs changed since the last call and returns
 *  the ADDTO / REMOVEFROM responses (empty when nothing changed). */
export async function refreshLive(ctx: CommandContext, view: MailboxView): Promise<ResponsePart[][]> {
  const out: ResponsePart[][] = [];
  const dirty = view.takeLiveDirty();
  if (view.liveSearches.length === 0) return out;
  // Appends not announced yet (no message number) wait for the flush that announces them.
  view.markLiveDirty(
    dirty.appended.filter((u) => !view.seq.has(u)),
    'append',
  );
  const appended = dirty.appended.filter((u) => view.seq.has(u));
  const flagged = dirty.flags.filter((u) => view.seq.has(u));
  let both: number[] | null = null;
  for (const s of [...view.liveSearches]) {
    const uids = s.readsFlags ? (both ??= new UidSet([...appended, ...flagged]).values()) : appended;
    if (uids.length === 0) continue;
    const hits = await searchAmong(ctx, view, s.program, uids);
    const added: number[] = [];
    const removed: number[] = [];
    let h = 0;
    for (const u of uids) {
      while (h < hits.length && hits[h]! < u) h++;
      const match = hits[h] === u;
      if (match !== s.result.has(u)) (match ? added : removed).push(u);
    }
    s.result.merge(added, removed);
    const nums = (l: number[]) => (s.uid ? l : l.map((u) => view.seq.uidToSeq(u)));
    if (removed.length > 0) out.push(esearchUpdate(s.tag, s.uid, 'REMOVEFROM', nums(removed)));
    if (added.length > 0) out.push(esearchUpdate(s.tag, s.uid, 'ADDTO', nums(added)));
  }
  return out;
}
