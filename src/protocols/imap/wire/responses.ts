// Status responses and untagged data (RFC 9051 §7 and extensions).

import { type EncodeOptions, ResponseBuilder, type ResponsePart } from './encode.js';
import { mailboxToWire } from './mailbox-name.js';
import { compressNumbers, formatPartialRange, type PartialRange } from './sequence-set.js';

export type Status = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

/** Human-readable text must stay on one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\0]+/g, ' ');
}

function statusLine(prefix: string, status: Status, text: string, code?: string): Buffer {
  const c = code ? `[${oneLine(code)}] ` : '';
  return Buffer.from(`${prefix} ${status} ${c}${oneLine(text) || status}\r\n`, 'utf8');
}

/** `tag OK [CODE] text` (RFC 9051 §7.1). */
export function tagged(tag: string, status: 'OK' | 'NO' | 'BAD', text: string, code?: string): Buffer {
  return statusLine(tag, status, text, code);
}

/** `* OK [CODE] text`, `* BYE text`... */
export function untaggedStatus(status: Status, text: string, code?: string): Buffer {
  return statusLine('*', status, text, code);
}

/** `+ text`: never a bare "+" (mutt and other strict parsers break, CLIENT-QUIRKS §1). */
export function continuation(text = 'Ready'): Buffer {
  return Buffer.from(`+ ${oneLine(text) || 'Ready'}\r\n`, 'utf8');
}

/** A SASL challenge (RFC 9051 §6.2.2): `+ ` and the base64 text, which may be empty; the
 *  space is always sent (CLIENT-QUIRKS §1, mutt). */
export function saslChallenge(base64: string): Buffer {
  return Buffer.from(`+ ${base64.replace(/[^A-Za-z0-9+/=]/g, '')}\r\n`, 'latin1');
}

/** `* text` for simple untagged data (`* 5 EXISTS`, `* CAPABILITY ...`). */
export function untagged(text: string): Buffer {
  return Buffer.from(`* ${text}\r\n`, 'utf8');
}

/** `(\Seen $Junk)`. */
export function flagList(flags: Iterable<string>): string {
  return `(${[...flags].join(' ')})`;
}

/** Numbers in the order given, runs of consecutive numbers joined: for COPYUID, where the
 *  source and destination sets must correspond element by element (RFC 4315 §3). */
export function compressInOrder(nums: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < nums.length) {
    const start = nums[i]!;
    let end = start;
    while (i + 1 < nums.length && nums[i + 1] === end + 1) end = nums[++i]!;
    out.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return out.join(',');
}

/** RFC 4315 §3 `APPENDUID uidvalidity uid-set`. */
export function appendUidCode(uidValidity: number, uids: readonly number[]): string {
  return `APPENDUID ${uidValidity} ${compressInOrder(uids)}`;
}

/** RFC 4315 §3 `COPYUID uidvalidity source-uids dest-uids`, element by element. */
export function copyUidCode(uidValidity: number, source: readonly number[], dest: readonly number[]): string {
  return `COPYUID ${uidValidity} ${compressInOrder(source)} ${compressInOrder(dest)}`;
}

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

export interface ListEntry {
  command: 'LIST' | 'LSUB';
  attributes: readonly string[];
  /** null for a flat name space (NIL). */
  delimiter: string | null;
  /** Canonical (UTF-8) mailbox name; encoded for the client here. */
  name: string;
  /** RFC 5258 CHILDINFO extended data, e.g. ['SUBSCRIBED']. */
  childInfo?: readonly string[];
  /** RFC 9051 §6.3.9.7 OLDNAME for renamed mailboxes. */
  oldName?: string;
}

/** `* LIST (\HasNoChildren) "/" "Sent" ("CHILDINFO" ("SUBSCRIBED"))`. */
export function listResponse(e: ListEntry, opts: EncodeOptions): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw(`* ${e.command} `).raw(flagList(e.attributes)).sp();
  if (e.delimiter === null) b.raw('NIL');
  else b.string(e.delimiter);
  b.sp().astring(mailboxToWire(e.name, opts.utf8));
  const ext: Array<[string, () => void]> = [];
  if (e.childInfo?.length) ext.push(['CHILDINFO', () => b.list(e.childInfo!, (x, s) => x.string(s))]);
  if (e.oldName !== undefined)
    ext.push(['OLDNAME', () => b.list([e.oldName!], (x, s) => x.string(mailboxToWire(s, opts.utf8)))]);
  if (ext.length) {
    b.raw(' (');
    ext.forEach(([k, write], i) => {
      if (i) b.sp();
      b.string(k).sp();
      write();
    });
    b.raw(')');
  }
  return b.done();
}

/** `* STATUS "name" (MESSAGES 1 UIDNEXT 5)` (RFC 9051 §7.2.4). */
export function statusResponse(
  name: string,
  items: ReadonlyArray<readonly [string, number | string | null]>,
  opts: EncodeOptions,
): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw('* STATUS ').astring(mailboxToWire(name, opts.utf8)).sp();
  b.list(items, (x, [k, v]) => {
    x.raw(`${k} `);
    // MAILBOXID is "(" objectid ")" (RFC 8474 §4); numbers otherwise.
    if (k === 'MAILBOXID') x.raw(`(${v})`);
    else x.raw(v === null ? 'NIL' : String(v));
  });
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

/** `* ID ("name" "Postroom" ...)` or `* ID NIL` (RFC 2971 §3.2). */
export function idResponse(params: ReadonlyArray<readonly [string, string | null]> | null): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* ID ');
  if (params === null) b.raw('NIL');
  else
    b.list(params, (x, [k, v]) => {
      x.string(k).sp().nstring(v);
    });
  return b.done();
}

/** `* QUOTA "" (STORAGE 10 512 MESSAGE 3 1000)` (RFC 9208 §5.1); usage and limit in the
 *  resource's unit (STORAGE in KiB). */
export function quotaResponse(
  root: string,
  resources: ReadonlyArray<{ name: string; usage: number; limit: number }>,
): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* QUOTA ').astring(root).sp();
  b.list(resources, (x, r) => {
    x.raw(`${r.name} ${r.usage} ${r.limit}`);
  });
  return b.done();
}

/** `* QUOTAROOT INBOX ""` (RFC 9208 §5.2). */
export function quotaRootResponse(
  mailbox: string,
  roots: readonly string[],
  opts: EncodeOptions,
): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw('* QUOTAROOT ').astring(mailboxToWire(mailbox, opts.utf8));
  for (const r of roots) b.sp().string(r);
  return b.done();
}

/** One namespace: prefix and delimiter, e.g. ["", "/"]. */
export type Namespace = readonly [prefix: string, delimiter: string | null];

/** `* NAMESPACE (("" "/")) NIL NIL` (RFC 9051 §7.3.5): personal, other users, shared. */
export function namespaceResponse(
  personal: readonly Namespace[],
  other: readonly Namespace[],
  shared: readonly Namespace[],
): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* NAMESPACE');
  for (const group of [personal, other, shared]) {
    b.sp();
    if (group.length === 0) {
      b.raw('NIL');
      continue;
    }
    // Namespace = nil / "(" 1*Namespace-Descr ")": descriptions are not separated by SP.
    b.raw('(');
    for (const [prefix, delim] of group) {
      b.raw('(').string(prefix).sp();
      if (delim === null) b.raw('NIL');
      else b.string(delim);
      b.raw(')');
    }
    b.raw(')');
  }
  return b.done();
}
