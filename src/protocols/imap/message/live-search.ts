// RFC 5267 §4 CONTEXT=SEARCH: searches kept live by SEARCH/UID SEARCH RETURN (UPDATE).
//
// - A live search belongs to the selected mailbox's view (a new SELECT ends it) and keeps
//   the UIDs of its current result. CANCELUPDATE ends it.
// - The view records which UIDs changed (flags, appends; this session's own changes too);
//   at each point where untagged responses may be sent the session re-runs each live
//   search restricted to those UIDs (core search with a UID key) and sends the difference
//   as `* ESEARCH (TAG "t") [UID] ADDTO (0 set)` / `REMOVEFROM (0 set)`.
// - Expunged messages: REMOVEFROM is sent just BEFORE the EXPUNGE responses, while the
//   message numbers it carries are still valid (RFC 5267 §4.3, §4.4). Under QRESYNC/UIDONLY
//   (VANISHED) the order does not matter, UIDs are used there by UID searches.
// - Position 0 in ADDTO/REMOVEFROM: results of SEARCH are unordered (RFC 5267 §4.3 allows
//   0 when the position is unknown or irrelevant).

import type { CommandContext } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import type { ResponsePart } from '../wire/encode.js';
import type { SearchProgram } from '../wire/search.js';
import { esearchUpdate } from '../wire/search-responses.js';
import { runSearch } from './search-run.js';

export interface LiveSearch {
  tag: string;
  uid: boolean;
  program: SearchProgram;
  /** UIDs currently in the result. */
  result: Set<number>;
}

/** Live searches per selected mailbox: each holds its result's UIDs (memory) and is
 *  re-run on every change batch (CPU). Beyond it SEARCH answers OK [NOUPDATE "tag"]. */
export const MAX_LIVE_SEARCHES = 16;

/** A tag as an IMAP quoted string (response code argument). */
export function quoteTag(tag: string): string {
  return `"${tag.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Most UIDs put in one restricted re-run (keeps the search key small). */
const CHUNK = 2000;

/** UIDs as `a:b` ranges of a UID search key. */
function uidKey(uids: readonly number[]): SearchProgram['keys'][number] {
  const ranges: Array<{ from: number; to: number }> = [];
  for (const u of uids) {
    const last = ranges[ranges.length - 1];
    if (last && last.to + 1 === u) last.to = u;
    else ranges.push({ from: u, to: u });
  }
  return { type: 'uid', set: { kind: 'set', ranges } };
}

/** REMOVEFROM lines for `uids` about to leave the view (expunged). Call BEFORE the view's
 *  SeqMap drops them: message numbers are taken from it. */
export function liveExpunged(view: MailboxView, uids: Iterable<number>): ResponsePart[][] {
  const out: ResponsePart[][] = [];
  if (view.liveSearches.length === 0) return out;
  const gone = [...uids];
  for (const s of view.liveSearches) {
    const hit = gone.filter((u) => s.result.delete(u));
    if (hit.length === 0) continue;
    const nums = s.uid ? hit : hit.map((u) => view.seq.uidToSeq(u)).filter((n) => n > 0);
    if (nums.length > 0) out.push(esearchUpdate(s.tag, s.uid, 'REMOVEFROM', nums));
  }
  return out;
}

/** Re-evaluates the live searches for the UIDs changed since the last call and returns
 *  the ADDTO / REMOVEFROM responses (empty when nothing changed). */
export async function refreshLive(ctx: CommandContext, view: MailboxView): Promise<ResponsePart[][]> {
  const out: ResponsePart[][] = [];
  const dirty = view.takeLiveDirty();
  if (dirty.length === 0 || view.liveSearches.length === 0) return out;
  // Appends not announced yet (no message number) wait for the flush that announces them.
  const inView = dirty.filter((u) => view.seq.has(u));
  view.markLiveDirty(dirty.filter((u) => !view.seq.has(u)));
  for (const s of [...view.liveSearches]) {
    const added: number[] = [];
    const removed: number[] = [];
    for (let i = 0; i < inView.length; i += CHUNK) {
      const part = inView.slice(i, i + CHUNK);
      const prog: SearchProgram = { charset: s.program.charset, keys: [...s.program.keys, uidKey(part)] };
      const hits = new Set(await runSearch(ctx, view, prog));
      for (const u of part) {
        if (hits.has(u) && !s.result.has(u)) added.push(u);
        else if (!hits.has(u) && s.result.has(u)) removed.push(u);
      }
    }
    for (const u of removed) s.result.delete(u);
    for (const u of added) s.result.add(u);
    const nums = (l: number[]) => (s.uid ? l : l.map((u) => view.seq.uidToSeq(u)));
    if (removed.length > 0) out.push(esearchUpdate(s.tag, s.uid, 'REMOVEFROM', nums(removed)));
    if (added.length > 0) out.push(esearchUpdate(s.tag, s.uid, 'ADDTO', nums(added)));
  }
  return out;
}
