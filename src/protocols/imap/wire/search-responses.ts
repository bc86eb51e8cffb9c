// Untagged data of SEARCH, ESEARCH, SORT, THREAD and expunges (VANISHED).

import { ResponseBuilder, type ResponsePart } from './encode.js';
import { compressInOrder } from './responses.js';
import { compressNumbers, formatPartialRange, type PartialRange } from './sequence-set.js';

/** `* VANISHED [(EARLIER)] uids` (RFC 7162 §3.2.10), split into lines of at most maxLine. */
export function vanished(uids: Iterable<number>, earlier: boolean, maxLine = 8000): Buffer[] {
  const text = compressNumbers(uids);
  if (!text) return [];
  const prefix = earlier ? '* VANISHED (EARLIER) ' : '* VANISHED ';
  const out: Buffer[] = [];
  let line: string[] = [];
  let len = 0;
  for (const piece of text.split(',')) {
    if (len + piece.length + 1 > maxLine && line.length > 0) {
      out.push(Buffer.from(`${prefix}${line.join(',')}\r\n`));
      line = [];
      len = 0;
    }
    line.push(piece);
    len += piece.length + 1;
  }
  out.push(Buffer.from(`${prefix}${line.join(',')}\r\n`));
  return out;
}

/** `* SEARCH 2 3 6` with `(MODSEQ n)` for CONDSTORE (RFC 7162 §3.1.5). */
export function searchResponse(
  nums: readonly number[],
  modseq: number | null = null,
  name = 'SEARCH',
): Buffer {
  const m = modseq !== null && nums.length > 0 ? ` (MODSEQ ${modseq})` : '';
  return Buffer.from(`* ${name}${nums.length ? ' ' : ''}${nums.join(' ')}${m}\r\n`);
}

export interface EsearchResult {
  tag: string;
  uid: boolean;
  min?: number;
  max?: number;
  count?: number;
  all?: readonly number[];
  /** RFC 9394: the requested range and the numbers in it. */
  partial?: { range: PartialRange; nums: readonly number[] };
  modseq?: number;
  /** Results of SORT RETURN (RFC 5267 §3.1): ALL/PARTIAL keep the sort order, so only
   *  ascending runs are joined instead of sorting the numbers. */
  sorted?: boolean;
}

/** `* ESEARCH (TAG "a") UID MIN 2 MAX 9 COUNT 3 ALL 2,5:6` (RFC 4731 §3.1). */
export function esearchResponse(r: EsearchResult): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* ESEARCH (TAG ').string(r.tag).raw(')');
  if (r.uid) b.raw(' UID');
  if (r.min !== undefined) b.raw(` MIN ${r.min}`);
  if (r.max !== undefined) b.raw(` MAX ${r.max}`);
  if (r.count !== undefined) b.raw(` COUNT ${r.count}`);
  const compress = r.sorted ? compressInOrder : compressNumbers;
  if (r.all && r.all.length > 0) b.raw(` ALL ${compress(r.all)}`);
  if (r.partial) {
    const set = compress(r.partial.nums);
    b.raw(` PARTIAL (${formatPartialRange(r.partial.range)} ${set || 'NIL'})`);
  }
  if (r.modseq !== undefined) b.raw(` MODSEQ ${r.modseq}`);
  return b.done();
}

/** A thread tree for `* THREAD` (RFC 5256 §4); id null is a missing (dummy) parent. */
export interface ThreadNode {
  id: number | null;
  children: ThreadNode[];
}

function threadMember(start: ThreadNode): string {
  const out: string[] = [];
  let node = start;
  // A chain of single children is written flat: "1 2 3".
  while (node.id !== null && node.children.length === 1) {
    out.push(String(node.id));
    node = node.children[0]!;
  }
  if (node.id !== null) out.push(String(node.id));
  if (node.children.length > 0) out.push(node.children.map((c) => `(${threadMember(c)})`).join(''));
  return out.join(' ');
}

/** `* THREAD (2)(3 6 (4 23)(44 7 96))`. */
export function threadResponse(roots: readonly ThreadNode[]): Buffer {
  const body = roots.map((r) => `(${threadMember(r)})`).join('');
  return Buffer.from(`* THREAD${body ? ' ' : ''}${body}\r\n`);
}

/** One ADDTO/REMOVEFROM pair (RFC 5267 §4.3): a context position (0 for SEARCH) and the
 *  messages at it. */
export interface UpdatePair {
  pos: number;
  nums: readonly number[];
}

/** `* ESEARCH (TAG "t") UID ADDTO (0 2:4)` (RFC 5267 §4.3): position 0 for an unordered
 *  SEARCH; for SORT each pair's numbers keep their sort order (`ADDTO (3 7,5 9 2)`). */
export function esearchUpdate(
  tag: string,
  uid: boolean,
  op: 'ADDTO' | 'REMOVEFROM',
  pairs: readonly UpdatePair[],
  sorted = false,
): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* ESEARCH (TAG ').string(tag).raw(')');
  if (uid) b.raw(' UID');
  const compress = sorted ? compressInOrder : compressNumbers;
  b.raw(` ${op} (${pairs.map((p) => `${p.pos} ${compress(p.nums)}`).join(' ')})`);
  return b.done();
}
