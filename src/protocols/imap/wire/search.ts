// SEARCH programs (RFC 9051 §6.4.4 and §9 search-key, RFC 3501 NEW/OLD/RECENT, RFC 7162
// MODSEQ, RFC 5032 WITHIN, RFC 8514 SAVEDATE, RFC 8474 OBJECTID, RFC 4731/5182/9394
// RETURN options) and the search criteria of SORT and THREAD (RFC 5256).

import { type ImapDate, readDate } from './datetime.js';
import { fail } from './errors.js';
import { decodeUtf8, type Reader } from './reader.js';
import { type PartialRange, readPartialRange, readSequenceSet, type SequenceSet } from './sequence-set.js';

export type DateCmp = 'before' | 'on' | 'since';
export type AddressField = 'Bcc' | 'Cc' | 'From' | 'To';

export type SearchKey =
  | { type: 'all' }
  /** System flag (`\Seen`...) or keyword; present=false for UNSEEN, UNKEYWORD... */
  | { type: 'flag'; flag: string; present: boolean }
  /** RFC 3501 NEW (= RECENT UNSEEN), OLD (= NOT RECENT), RECENT, UNRECENT. */
  | { type: 'new' }
  | { type: 'old' }
  | { type: 'recent'; present: boolean }
  /** HEADER, and SUBJECT as the header of that name. Substring match. */
  | { type: 'header'; field: string; value: string }
  /** BCC/CC/FROM/TO: substring of the address list (the server decides its written form). */
  | { type: 'address'; field: AddressField; value: string }
  | { type: 'body'; value: string }
  | { type: 'text'; value: string }
  /** internal = INTERNALDATE, sent = Date: header, saved = SAVEDATE (RFC 8514). */
  | { type: 'date'; field: 'internal' | 'sent' | 'saved'; cmp: DateCmp; date: ImapDate }
  | { type: 'size'; cmp: 'larger' | 'smaller'; size: number }
  | { type: 'seq'; set: SequenceSet }
  | { type: 'uid'; set: SequenceSet }
  | { type: 'not'; key: SearchKey }
  | { type: 'or'; left: SearchKey; right: SearchKey }
  | { type: 'and'; keys: SearchKey[] }
  /** RFC 7162 §3.1.5: MODSEQ [entry-name entry-type-req] mod-sequence-valzer. */
  | { type: 'modseq'; modseq: number; entry: { flag: string; scope: 'priv' | 'shared' | 'all' } | null }
  /** RFC 5032: OLDER / YOUNGER n seconds. */
  | { type: 'age'; cmp: 'older' | 'younger'; seconds: number }
  | { type: 'savedatesupported' }
  | { type: 'emailid'; id: string }
  | { type: 'threadid'; id: string };

/** RETURN options (RFC 4731 ESEARCH, RFC 5182 SAVE, RFC 9394 PARTIAL, RFC 5267 UPDATE). */
export interface SearchReturn {
  min: boolean;
  max: boolean;
  all: boolean;
  count: boolean;
  save: boolean;
  partial: PartialRange | null;
  /** RFC 5267 §4.2: keep the search live (ESEARCH ADDTO/REMOVEFROM afterwards). */
  update?: boolean;
}

export interface SearchProgram {
  /** Upper-cased CHARSET, or null when absent (US-ASCII; UTF-8 under IMAP4rev2). */
  charset: string | null;
  /** The keys, all of which must match. */
  keys: SearchKey[];
}

/** Deepest nesting of parentheses / NOT / OR, so hostile input cannot exhaust the stack. */
export const MAX_SEARCH_DEPTH = 64;

const SIMPLE_FLAGS: Record<string, [string, boolean]> = {
  ANSWERED: ['\\Answered', true],
  DELETED: ['\\Deleted', true],
  DRAFT: ['\\Draft', true],
  FLAGGED: ['\\Flagged', true],
  SEEN: ['\\Seen', true],
  UNANSWERED: ['\\Answered', false],
  UNDELETED: ['\\Deleted', false],
  UNDRAFT: ['\\Draft', false],
  UNFLAGGED: ['\\Flagged', false],
  UNSEEN: ['\\Seen', false],
};
const ADDRESS_HEADERS: Record<string, AddressField> = {
  BCC: 'Bcc',
  CC: 'Cc',
  FROM: 'From',
  TO: 'To',
};
const DATE_KEYS: Record<string, ['internal' | 'sent' | 'saved', DateCmp]> = {
  BEFORE: ['internal', 'before'],
  ON: ['internal', 'on'],
  SINCE: ['internal', 'since'],
  SENTBEFORE: ['sent', 'before'],
  SENTON: ['sent', 'on'],
  SENTSINCE: ['sent', 'since'],
  SAVEDBEFORE: ['saved', 'before'],
  SAVEDON: ['saved', 'on'],
  SAVEDSINCE: ['saved', 'since'],
};

/** Charsets named in NO [BADCHARSET (...)] (RFC 9051 §7.1). */
export const SEARCH_CHARSETS = ['UTF-8', 'US-ASCII'] as const;
/** Charsets search strings are decoded from (aliases and ISO-8859-1 accepted quietly). */
const DECODABLE_CHARSETS = new Set(['UTF-8', 'UTF8', 'US-ASCII', 'ASCII', 'ISO-8859-1', 'LATIN1']);

class SearchParser {
  constructor(
    private readonly r: Reader,
    private readonly charset: string | null,
  ) {}

  private str(what: string): string {
    const b = this.r.astringBytes(what);
    if (this.charset === 'ISO-8859-1' || this.charset === 'LATIN1') return b.toString('latin1');
    return decodeUtf8(b, what);
  }

  private flagKeyword(): string {
    // RFC 9051 flag-keyword = "$MDNSent" / "$Forwarded" / ... / atom
    return this.r.atom('keyword');
  }

  key(depth: number): SearchKey {
    const r = this.r;
    if (depth > MAX_SEARCH_DEPTH) fail('Search program nested too deeply');
    const c = r.peek();
    if (c === 0x28) return { type: 'and', keys: r.list(() => this.key(depth + 1), false, 'search key list') };
    if ((c >= 0x30 && c <= 0x39) || c === 0x2a || c === 0x24) return { type: 'seq', set: readSequenceSet(r) };
    const w = r.keyword('search key');
    const simple = SIMPLE_FLAGS[w];
    if (simple) return { type: 'flag', flag: simple[0], present: simple[1] };
    const address = ADDRESS_HEADERS[w];
    if (address) {
      r.sp();
      return { type: 'address', field: address, value: this.str(w) };
    }
    const dateKey = DATE_KEYS[w];
    if (dateKey) {
      r.sp();
      return { type: 'date', field: dateKey[0], cmp: dateKey[1], date: readDate(r) };
    }
    switch (w) {
      case 'ALL':
        return { type: 'all' };
      case 'NEW':
        return { type: 'new' };
      case 'OLD':
        return { type: 'old' };
      case 'RECENT':
      case 'UNRECENT':
        return { type: 'recent', present: w === 'RECENT' };
      case 'KEYWORD':
      case 'UNKEYWORD':
        r.sp();
        return { type: 'flag', flag: this.flagKeyword(), present: w === 'KEYWORD' };
      case 'BODY':
      case 'TEXT':
        r.sp();
        return { type: w === 'BODY' ? 'body' : 'text', value: this.str(w) };
      case 'SUBJECT':
        r.sp();
        return { type: 'header', field: 'Subject', value: this.str(w) };
      case 'HEADER': {
        r.sp();
        const field = this.str('header field name');
        r.sp();
        return { type: 'header', field, value: this.str('header value') };
      }
      case 'LARGER':
      case 'SMALLER':
        r.sp();
        return { type: 'size', cmp: w === 'LARGER' ? 'larger' : 'smaller', size: r.number64('size') };
      case 'UID':
        r.sp();
        return { type: 'uid', set: readSequenceSet(r) };
      case 'NOT':
        r.sp();
        return { type: 'not', key: this.key(depth + 1) };
      case 'OR': {
        r.sp();
        const left = this.key(depth + 1);
        r.sp();
        return { type: 'or', left, right: this.key(depth + 1) };
      }
      case 'MODSEQ':
        return this.modseq();
      case 'OLDER':
      case 'YOUNGER':
        r.sp();
        return {
          type: 'age',
          cmp: w === 'OLDER' ? 'older' : 'younger',
          seconds: r.nzNumber(0xffffffff, 'interval'),
        };
      case 'SAVEDATESUPPORTED':
        return { type: 'savedatesupported' };
      case 'EMAILID':
      case 'THREADID': {
        r.sp();
        const id = r.atom('object id');
        // RFC 8474 §4: objectid = 1*255(ALPHA / DIGIT / "_" / "-")
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(id)) fail(`Invalid object id "${id.slice(0, 40)}"`);
        return { type: w === 'EMAILID' ? 'emailid' : 'threadid', id };
      }
      default:
        fail(`Unknown search key "${w.slice(0, 40)}"`);
    }
  }

  private modseq(): SearchKey {
    const r = this.r;
    r.sp();
    let entry: { flag: string; scope: 'priv' | 'shared' | 'all' } | null = null;
    if (r.peek() === 0x22) {
      // entry-name = DQUOTE "/flags/" attr-flag DQUOTE (RFC 7162 §7)
      const name = r.quoted().toString('latin1');
      if (!name.toLowerCase().startsWith('/flags/')) fail(`Invalid MODSEQ entry name "${name}"`);
      r.sp();
      const scope = r.keyword('entry type').toLowerCase();
      if (scope !== 'priv' && scope !== 'shared' && scope !== 'all')
        fail(`Invalid MODSEQ entry type "${scope}"`);
      entry = { flag: name.slice(7), scope };
      r.sp();
    }
    return { type: 'modseq', modseq: r.modseq(), entry };
  }
}

/** search-return-opts after "RETURN": "(" [opt *(SP opt)] ")". */
export function readSearchReturn(r: Reader): SearchReturn {
  const ret: SearchReturn = { min: false, max: false, all: false, count: false, save: false, partial: null };
  r.list(() => {
    const w = r.keyword('return option');
    switch (w) {
      case 'MIN':
        ret.min = true;
        break;
      case 'MAX':
        ret.max = true;
        break;
      case 'ALL':
        ret.all = true;
        break;
      case 'COUNT':
        ret.count = true;
        break;
      case 'SAVE':
        ret.save = true;
        break;
      case 'PARTIAL':
        r.sp();
        ret.partial = readPartialRange(r);
        break;
      case 'UPDATE':
        ret.update = true;
        break;
      default:
        fail(`Unknown RETURN option "${w}"`);
    }
  });
  // RFC 4731 §3.1: RETURN () means RETURN (ALL); RETURN (UPDATE) alone returns no data.
  if (!ret.min && !ret.max && !ret.count && !ret.save && !ret.partial && !ret.update) ret.all = true;
  if (ret.partial && ret.all) fail('PARTIAL and ALL cannot be combined (RFC 9394 §3.1)');
  return ret;
}

function readCharset(r: Reader): string {
  const cs = (r.peek() === 0x22 ? r.quoted().toString('latin1') : r.atom('charset')).toUpperCase();
  if (!DECODABLE_CHARSETS.has(cs)) fail(`Unsupported charset "${cs.slice(0, 40)}"`, 'badcharset');
  return cs;
}

/** The keys of a search program, with the charset already known. */
function readKeys(r: Reader, charset: string | null): SearchKey[] {
  const p = new SearchParser(r, charset);
  const keys: SearchKey[] = [p.key(0)];
  while (!r.atEnd()) {
    r.sp();
    if (r.atEnd()) break;
    keys.push(p.key(0));
  }
  return keys;
}

/** RFC 9051 search-program = ["CHARSET" SP charset SP] search-key *(SP search-key). */
export function readSearchProgram(r: Reader): SearchProgram {
  let charset: string | null = null;
  if (r.peekWord('CHARSET')) {
    r.expect('CHARSET');
    r.sp();
    charset = readCharset(r);
    r.sp();
  }
  return { charset, keys: readKeys(r, charset) };
}

/** RFC 5256 search-criteria = charset 1*(SP search-key) (SORT and THREAD: charset required). */
export function readSearchCriteria(r: Reader): SearchProgram {
  const charset = readCharset(r);
  r.sp();
  return { charset, keys: readKeys(r, charset) };
}
