// Runs a SEARCH program for SEARCH, SORT and THREAD: charset check (RFC 9051 §6.4.4
// BADCHARSET), translation to the store's key, and results limited to the messages this
// session's view holds (a message appended meanwhile has no sequence number yet).

import type { SortCriterion as StoreSort } from '../../../store/types.js';
import type { CommandContext, CommandResult } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import type { SearchProgram, SearchReturn } from '../wire/search.js';
import { type EsearchResult, esearchResponse } from '../wire/search-responses.js';
import type { SortCriterion } from '../wire/sort-criteria.js';
import { partialList } from './paging.js';
import { ACCEPTED_CHARSETS, translateSearch } from './search-translate.js';

export const BADCHARSET = 'BADCHARSET (UTF-8 US-ASCII)';

/** The charset refusal, or null when the program can run. */
export function checkCharset(ctx: CommandContext, program: SearchProgram): CommandResult | null {
  if (program.charset && !ACCEPTED_CHARSETS.has(program.charset))
    return ctx.no(`Charset ${program.charset} is not supported`, BADCHARSET);
  return null;
}

/** Matching UIDs, ascending (or in sort order), restricted to the view. */
export async function runSearch(
  ctx: CommandContext,
  view: MailboxView,
  program: SearchProgram,
  sort: readonly SortCriterion[] | null = null,
): Promise<number[]> {
  const key = translateSearch(view, program);
  const uids = sort
    ? await ctx.core.messages.sort(
        view.mailboxId,
        sort.map((c): StoreSort => ({ key: c.key.toLowerCase() as StoreSort['key'], reverse: c.reverse })),
        key,
      )
    : await ctx.core.messages.search(view.mailboxId, key);
  return uids.filter((u) => view.seq.has(u));
}

/** Highest modseq among `uids` (RFC 7162 §3.1.5 SEARCH ... (MODSEQ n)). */
export async function highestModseqOf(
  ctx: CommandContext,
  view: MailboxView,
  uids: readonly number[],
): Promise<number> {
  let max = 0;
  const ranges = uids.map((u) => ({ start: u, end: u }));
  for (let i = 0; i < ranges.length; i += 500) {
    for await (const page of ctx.core.messages.pages(view.mailboxId, ranges.slice(i, i + 500), 500))
      for (const r of page) max = Math.max(max, r.modseq);
  }
  return max;
}

/**
 * The UIDs whose highest modseq a SEARCH reports (RFC 4731 §3.2, RFC 7162 §3.1.5): those
 * returned. With MIN and/or MAX alone only those messages, with PARTIAL those in the
 * range, with ALL or COUNT (or no RETURN) every match. `uids` ascending.
 */
export function modseqScope(ret: SearchReturn | null, uids: readonly number[]): readonly number[] {
  if (!ret || ret.all || ret.count || uids.length === 0) return uids;
  const out = new Set<number>(ret.partial ? partialList(uids, ret.partial) : []);
  if (ret.min) out.add(uids[0]!);
  if (ret.max) out.add(uids[uids.length - 1]!);
  if (!ret.min && !ret.max && !ret.partial) return uids; // SAVE alone
  return [...out].sort((a, b) => a - b);
}

/** Sends the answer of SEARCH/SORT with RETURN (RFC 4731, RFC 5267, RFC 5182, RFC 9394)
 *  and saves `$` when asked. `uids` are in result order. */
export async function sendEsearch(
  ctx: CommandContext,
  view: MailboxView,
  tag: string,
  uid: boolean,
  ret: SearchReturn,
  uids: readonly number[],
  modseq: number | null,
  sorted: boolean,
): Promise<void> {
  const nums = uid ? [...uids] : uids.map((u) => view.seq.uidToSeq(u));
  if (ret.save) {
    // RFC 5182 §2.4: with MIN and/or MAX only (no ALL/COUNT), only those are saved.
    const onlyMinMax = (ret.min || ret.max) && !ret.all && !ret.count && !ret.partial;
    let saved = [...uids];
    if (onlyMinMax && uids.length > 0) {
      const asc = [...uids].sort((a, b) => a - b);
      saved = [...new Set([...(ret.min ? [asc[0]!] : []), ...(ret.max ? [asc[asc.length - 1]!] : [])])];
    }
    if (ret.partial) saved = partialList(uids, ret.partial);
    ctx.saveResult([...saved].sort((a, b) => a - b));
  }
  // SAVE only: no ESEARCH; UPDATE (RFC 5267 §4.2) always answers, if only with the TAG.
  if (!ret.min && !ret.max && !ret.all && !ret.count && !ret.partial && !ret.update) return;
  const r: EsearchResult = { tag, uid, sorted };
  const asc = sorted ? [...nums].sort((a, b) => a - b) : nums;
  if (ret.min && nums.length > 0) r.min = asc[0]!;
  if (ret.max && nums.length > 0) r.max = asc[asc.length - 1]!;
  if (ret.count) r.count = nums.length;
  if (ret.all) r.all = nums;
  if (ret.partial) r.partial = { range: ret.partial, nums: partialList(nums, ret.partial) };
  if (modseq !== null && nums.length > 0) r.modseq = modseq;
  await ctx.send(esearchResponse(r));
}
