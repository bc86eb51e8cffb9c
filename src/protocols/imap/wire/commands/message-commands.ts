// Arguments of the selected-state commands: EXPUNGE, FETCH, STORE, COPY, MOVE, SEARCH,
// SORT, THREAD, and their UID forms (RFC 9051 §6.4).

import { fail } from '../errors.js';
import { readFetchItems, readFetchModifiers } from '../fetch-items.js';
import type { Reader } from '../reader.js';
import { readSearchCriteria, readSearchProgram, readSearchReturn, type SearchReturn } from '../search.js';
import { readSequenceSet } from '../sequence-set.js';
import { readSortCriteria } from '../sort-criteria.js';
import { readFlag, readFlagList, readMailbox } from './common.js';
import type { ImapCommand, ParseOptions, StoreOp } from './types.js';

export function parseExpunge(r: Reader, tag: string, uid: boolean): ImapCommand {
  if (!uid) return { tag, name: 'EXPUNGE', uid, set: null };
  r.sp();
  return { tag, name: 'EXPUNGE', uid, set: readSequenceSet(r) };
}

/** RFC 9051 fetch = "FETCH" SP sequence-set SP (macro / fetch-att / list) [fetch-modifiers]. */
export function parseFetch(r: Reader, tag: string, uid: boolean): ImapCommand {
  r.sp();
  const set = readSequenceSet(r);
  r.sp();
  const items = readFetchItems(r);
  let modifiers = { changedSince: null, vanished: false, partial: null } as ReturnType<
    typeof readFetchModifiers
  >;
  if (r.maybeSp() && !r.atEnd()) modifiers = readFetchModifiers(r, uid);
  return { tag, name: 'FETCH', uid, set, items, modifiers };
}

/** RFC 9051 store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags;
 *  store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag))). */
export function parseStore(r: Reader, tag: string, uid: boolean): ImapCommand {
  r.sp();
  const set = readSequenceSet(r);
  r.sp();
  let unchangedSince: number | null = null;
  if (r.peek() === 0x28) {
    r.list(
      () => {
        const w = r.keyword('store modifier');
        if (w !== 'UNCHANGEDSINCE') fail(`Unknown STORE modifier "${w}"`);
        r.sp();
        unchangedSince = r.modseq();
      },
      false,
      'store modifiers',
    );
    r.sp();
  }
  let op: StoreOp = 'set';
  if (r.take('+')) op = 'add';
  else if (r.take('-')) op = 'remove';
  const item = r.word('store item');
  if (item !== 'FLAGS' && item !== 'FLAGS.SILENT') fail(`Unknown store item "${item}"`);
  r.sp();
  let flags: string[];
  if (r.peek() === 0x28) flags = readFlagList(r);
  else {
    flags = [readFlag(r)];
    while (r.maybeSp() && !r.atEnd()) flags.push(readFlag(r));
  }
  return { tag, name: 'STORE', uid, set, op, silent: item === 'FLAGS.SILENT', flags, unchangedSince };
}

export function parseCopyMove(
  r: Reader,
  tag: string,
  name: 'COPY' | 'MOVE',
  uid: boolean,
  opts: ParseOptions,
): ImapCommand {
  r.sp();
  const set = readSequenceSet(r);
  r.sp();
  return { tag, name, uid, set, mailbox: readMailbox(r, opts) };
}

function maybeReturn(r: Reader): SearchReturn | null {
  if (!r.peekWord('RETURN')) return null;
  r.expect('RETURN');
  r.sp();
  const ret = readSearchReturn(r);
  r.sp();
  return ret;
}

/** RFC 5267 §4.2: CANCELUPDATE SP tag-string *(SP tag-string). */
export function parseCancelUpdate(r: Reader, tag: string): ImapCommand {
  const tags: string[] = [];
  do {
    r.sp();
    tags.push(r.string('tag-string'));
  } while (!r.atEnd());
  return { tag, name: 'CANCELUPDATE', tags };
}

/** RFC 9051 search = "SEARCH" [search-return-opts] SP search-program. */
export function parseSearch(r: Reader, tag: string, uid: boolean): ImapCommand {
  r.sp();
  const returns = maybeReturn(r);
  return { tag, name: 'SEARCH', uid, returns, program: readSearchProgram(r) };
}

/** RFC 5256 sort = "SORT" SP sort-criteria SP search-criteria; RFC 5267 adds RETURN. */
export function parseSort(r: Reader, tag: string, uid: boolean): ImapCommand {
  r.sp();
  const returns = maybeReturn(r);
  const criteria = readSortCriteria(r);
  r.sp();
  return { tag, name: 'SORT', uid, returns, criteria, program: readSearchCriteria(r) };
}

/** RFC 5256 thread = "THREAD" SP thread-alg SP search-criteria. */
export function parseThread(r: Reader, tag: string, uid: boolean): ImapCommand {
  r.sp();
  const algorithm = r.keyword('thread algorithm');
  r.sp();
  return { tag, name: 'THREAD', uid, algorithm, program: readSearchCriteria(r) };
}
