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
// - CONTEXT=SORT (SORT/UID SORT RETURN (UPDATE)): the search also keeps its result in sort
//   order and each ADDTO/REMOVEFROM pair carries the 1-based position of its first message,
//   counted in the result as the client holds it when it reaches that pair (the client
//   applies pairs left to right, RFC 5267 §4.3); a pair's messages are consecutive there,
//   written in sort order. The RFC 5256 sort keys never change for a message, so a flag
//   change only moves a message in or out of the result, never within it.

import type { CommandContext, CommandResult } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import { toRanges } from '../sequence.js';
import type { ResponsePart } from '../wire/encode.js';
import type { SearchKey, SearchProgram } from '../wire/search.js';
import { esearchUpdate, type UpdatePair } from '../wire/search-responses.js';
import type { SortCriterion } from '../wire/sort-criteria.js';
import { runSearch } from './search-run.js';
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
  /** CONTEXT=SORT: the sort criteria and the result's UIDs in sort order. */
  sorted?: { criteria: readonly SortCriterion[]; order: number[] };
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

/** True when flag changes can move messages in or out of `program`'s result. */
export function programReadsFlags(program: SearchProgram): boolean {
  return program.keys.some(keyReadsFlags);
}

/** Live searches per selected mailbox: each holds its result's UIDs (memory) and is
 *  re-run on every change batch (CPU). Beyond it SEARCH/SORT answer OK [NOUPDATE "tag"]. */
export const MAX_LIVE_SEARCHES = 16;

/** A tag as an IMAP quoted string (response code argument). */
export function quoteTag(tag: string): string {
  return `"${tag.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Keeps a search (or sort) live after its answer was sent: RFC 5267 §4.2, a later one
 *  with the same tag replaces the earlier one, and beyond MAX_LIVE_SEARCHES the server
 *  declines with OK [NOUPDATE "tag"] (the answer returned, else null for the plain OK). */
export function keepLive(
  ctx: CommandContext,
  view: MailboxView,
  search: Omit<LiveSearch, 'result' | 'sorted' | 'readsFlags'>,
  uids: readonly number[],
  sort: readonly SortCriterion[] | null,
): CommandResult | null {
  const kept = view.liveSearches.filter((s) => s.tag !== search.tag);
  const name = sort ? 'SORT' : 'SEARCH';
  if (kept.length >= MAX_LIVE_SEARCHES)
    return ctx.ok(`${name} completed, too many live searches`, `NOUPDATE ${quoteTag(search.tag)}`);
  const live: LiveSearch = {
    ...search,
    result: new UidSet(uids),
    readsFlags: programReadsFlags(search.program),
  };
  if (sort) live.sorted = { criteria: sort, order: [...uids] };
  view.liveSearches = [...kept, live];
  return null;
}

/** Most UIDs put in the UID key of a restricted re-sort (keeps the sort key small). */
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
    const hit = s.result.deleteAll(gone);
    if (hit.length === 0) continue;
    const pairs = s.sorted ? removeSorted(s.sorted, new Set(hit)) : [{ pos: 0, uids: hit }];
    const line = updateLine(view, s, 'REMOVEFROM', pairs);
    if (line) out.push(line);
  }
  return out;
}

/** A pair's UIDs as the client's numbers (UIDs, or message numbers still valid). */
function updateLine(
  view: MailboxView,
  s: LiveSearch,
  op: 'ADDTO' | 'REMOVEFROM',
  pairs: ReadonlyArray<{ pos: number; uids: readonly number[] }>,
): ResponsePart[] | null {
  const out: UpdatePair[] = [];
  for (const p of pairs) {
    const nums = s.uid ? p.uids : p.uids.map((u) => view.seq.uidToSeq(u)).filter((n) => n > 0);
    if (nums.length > 0) out.push({ pos: p.pos, nums });
  }
  return out.length > 0 ? esearchUpdate(s.tag, s.uid, op, out, s.sorted !== undefined) : null;
}

/** Takes `gone` out of a sorted result: runs of consecutive positions, each with its
 *  position once the runs before it are gone (RFC 5267 §4.3, applied left to right). */
function removeSorted(
  sorted: NonNullable<LiveSearch['sorted']>,
  gone: ReadonlySet<number>,
): Array<{ pos: number; uids: number[] }> {
  const pairs: Array<{ pos: number; uids: number[] }> = [];
  const kept: number[] = [];
  let prevGone = false;
  for (const u of sorted.order) {
    if (!gone.has(u)) {
      kept.push(u);
      prevGone = false;
      continue;
    }
    if (prevGone) pairs[pairs.length - 1]!.uids.push(u);
    else pairs.push({ pos: kept.length + 1, uids: [u] });
    prevGone = true;
  }
  sorted.order = kept;
  return pairs;
}

/** Puts `added` into a sorted result, where `fresh` is the store's sort order of the
 *  result and `added` (a message expunged but not reported yet is missing from it: it
 *  keeps its place, the client still holds it). Returns runs of consecutive new messages,
 *  each with its final position; runs go left to right, so when the client reaches one
 *  every message before it is in place. */
function addSorted(
  sorted: NonNullable<LiveSearch['sorted']>,
  fresh: readonly number[],
  added: ReadonlySet<number>,
): Array<{ pos: number; uids: number[] }> {
  // New messages grouped by the old message they follow (-1: at the start).
  const after = new Map<number, number[]>();
  const index = new Map(sorted.order.map((u, i) => [u, i]));
  let last = -1;
  for (const u of fresh) {
    const i = index.get(u);
    if (i !== undefined) last = i;
    else if (added.has(u)) {
      const run = after.get(last);
      if (run) run.push(u);
      else after.set(last, [u]);
    }
  }
  const order: number[] = [];
  const pairs: Array<{ pos: number; uids: number[] }> = [];
  const place = (i: number) => {
    const run = after.get(i);
    if (!run) return;
    pairs.push({ pos: order.length + 1, uids: run });
    order.push(...run);
  };
  place(-1);
  sorted.order.forEach((u, i) => {
    order.push(u);
    place(i);
  });
  sorted.order = order;
  return pairs;
}

/** The sort order of `uids` (all in the view): a sort restricted to them, or of the whole
 *  mailbox when they are too many for one UID key. */
async function sortOrder(
  ctx: CommandContext,
  view: MailboxView,
  criteria: readonly SortCriterion[],
  uids: UidSet,
): Promise<number[]> {
  const asc = uids.values();
  const keys: SearchProgram['keys'] = asc.length <= CHUNK ? [uidKey(asc)] : [{ type: 'all' }];
  const all = await runSearch(ctx, view, { charset: null, keys }, criteria);
  return all.filter((u) => uids.has(u));
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
    let gone: Array<{ pos: number; uids: number[] }> = [{ pos: 0, uids: removed }];
    let come: Array<{ pos: number; uids: number[] }> = [{ pos: 0, uids: added }];
    if (s.sorted) {
      gone = removed.length > 0 ? removeSorted(s.sorted, new Set(removed)) : [];
      if (added.length > 0) {
        const fresh = await sortOrder(ctx, view, s.sorted.criteria, s.result);
        come = addSorted(s.sorted, fresh, new Set(added));
      } else come = [];
    }
    const rm = removed.length > 0 ? updateLine(view, s, 'REMOVEFROM', gone) : null;
    const add = added.length > 0 ? updateLine(view, s, 'ADDTO', come) : null;
    if (rm) out.push(rm);
    if (add) out.push(add);
  }
  return out;
}
