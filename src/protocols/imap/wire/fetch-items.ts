// FETCH attributes and modifiers (RFC 9051 §6.4.5, RFC 3516 BINARY, RFC 7162 CONDSTORE/
// QRESYNC, RFC 8474 OBJECTID, RFC 8514 SAVEDATE, RFC 8970 PREVIEW, RFC 9394 PARTIAL).

import { fail } from './errors.js';
import type { Reader } from './reader.js';
import { type PartialRange, readPartialRange } from './sequence-set.js';

export type SimpleFetchName =
  | 'ENVELOPE'
  | 'FLAGS'
  | 'INTERNALDATE'
  | 'RFC822'
  | 'RFC822.HEADER'
  | 'RFC822.SIZE'
  | 'RFC822.TEXT'
  | 'BODY'
  | 'BODYSTRUCTURE'
  | 'UID'
  | 'MODSEQ'
  | 'EMAILID'
  | 'THREADID'
  | 'SAVEDATE';

const SIMPLE = new Set<string>([
  'ENVELOPE',
  'FLAGS',
  'INTERNALDATE',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.SIZE',
  'RFC822.TEXT',
  'BODY',
  'BODYSTRUCTURE',
  'UID',
  'MODSEQ',
  'EMAILID',
  'THREADID',
  'SAVEDATE',
]);

/** RFC 9051 section-text / section-msgtext. */
export type SectionText =
  | { kind: 'HEADER' }
  | { kind: 'TEXT' }
  | { kind: 'MIME' }
  | { kind: 'HEADER.FIELDS'; not: boolean; fields: string[] };

/** BODY[part.text]: part [] is the whole message; text null means the part's content. */
export interface Section {
  part: number[];
  text: SectionText | null;
}

/** `<origin.length>` of BODY[...] and BINARY[...]. */
export interface Partial {
  origin: number;
  length: number;
}

export type FetchAttr =
  | { kind: 'simple'; name: SimpleFetchName }
  | { kind: 'body-section'; peek: boolean; section: Section; partial: Partial | null }
  | { kind: 'binary'; peek: boolean; part: number[]; partial: Partial | null }
  | { kind: 'binary-size'; part: number[] }
  | { kind: 'preview'; lazy: boolean };

export interface FetchModifiers {
  /** CHANGEDSINCE mod-sequence (RFC 7162 §3.1.4.1). */
  changedSince: number | null;
  /** VANISHED (RFC 7162 §3.2.6): only with UID FETCH and CHANGEDSINCE. */
  vanished: boolean;
  /** PARTIAL (RFC 9394): only with UID FETCH. */
  partial: PartialRange | null;
}

const s = (name: SimpleFetchName): FetchAttr => ({ kind: 'simple', name });
/** RFC 9051 §6.4.5 macros. */
export const FETCH_MACROS: Readonly<Record<'ALL' | 'FAST' | 'FULL', FetchAttr[]>> = {
  ALL: [s('FLAGS'), s('INTERNALDATE'), s('RFC822.SIZE'), s('ENVELOPE')],
  FAST: [s('FLAGS'), s('INTERNALDATE'), s('RFC822.SIZE')],
  FULL: [s('FLAGS'), s('INTERNALDATE'), s('RFC822.SIZE'), s('ENVELOPE'), s('BODY')],
};

/** section-part = nz-number *("." nz-number); `dot` tells whether a "." and a section-text follow. */
function readPartNumbers(r: Reader): { part: number[]; dot: boolean } {
  const part: number[] = [];
  while (r.peek() >= 0x30 && r.peek() <= 0x39) {
    part.push(r.nzNumber(0xffffffff, 'section part'));
    if (!r.take('.')) break;
    if (!(r.peek() >= 0x30 && r.peek() <= 0x39)) return { part, dot: true };
  }
  return { part, dot: false };
}

function readSectionText(r: Reader, allowMime: boolean): SectionText {
  const w = r.word('section');
  switch (w) {
    case 'HEADER':
    case 'TEXT':
      return { kind: w };
    case 'MIME':
      if (!allowMime) fail('MIME needs a part number (RFC 9051 §6.4.5)');
      return { kind: 'MIME' };
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      r.sp();
      const fields = r.list(() => r.astring('header field name'), false, 'header list');
      return { kind: 'HEADER.FIELDS', not: w === 'HEADER.FIELDS.NOT', fields };
    }
    default:
      fail(`Unknown section "${w}"`);
  }
}

/** RFC 9051 section = "[" [section-spec] "]". */
export function readSection(r: Reader): Section {
  r.expect('[');
  if (r.take(']')) return { part: [], text: null };
  const { part, dot } = readPartNumbers(r);
  let text: SectionText | null = null;
  if (part.length === 0 || dot) text = readSectionText(r, part.length > 0);
  r.expect(']');
  return { part, text };
}

/** RFC 3516 section-binary = "[" [section-part] "]". */
function readBinarySection(r: Reader): number[] {
  r.expect('[');
  if (r.take(']')) return [];
  const { part, dot } = readPartNumbers(r);
  if (dot) fail('BINARY takes part numbers only');
  r.expect(']');
  return part;
}

/** RFC 9051 partial = "<" number64 "." nz-number64 ">". */
function readPartial(r: Reader): Partial | null {
  if (!r.take('<')) return null;
  const origin = r.number64('partial origin');
  r.expect('.');
  const length = r.nzNumber(Number.MAX_SAFE_INTEGER, 'partial length');
  r.expect('>');
  return { origin, length };
}

/** One fetch-att. */
export function readFetchAttr(r: Reader): FetchAttr {
  const name = r.word('fetch item');
  if (name === 'BODY' || name === 'BODY.PEEK') {
    if (r.peek() === 0x5b) {
      const section = readSection(r);
      return { kind: 'body-section', peek: name === 'BODY.PEEK', section, partial: readPartial(r) };
    }
    if (name === 'BODY.PEEK') fail('BODY.PEEK needs a section');
    return s('BODY');
  }
  if (name === 'BINARY' || name === 'BINARY.PEEK') {
    const part = readBinarySection(r);
    return { kind: 'binary', peek: name === 'BINARY.PEEK', part, partial: readPartial(r) };
  }
  if (name === 'BINARY.SIZE') return { kind: 'binary-size', part: readBinarySection(r) };
  if (name === 'PREVIEW') {
    let lazy = false;
    // Look ahead: "PREVIEW (CHANGEDSINCE 5)" is the item followed by FETCH modifiers.
    const m = r.mark();
    if (!(r.take(' (') && r.peekWord('LAZY'))) r.reset(m);
    else {
      // RFC 8970 §3: "PREVIEW" [SP "(" preview-mod *(SP preview-mod) ")"]
      for (;;) {
        const mod = r.word('preview modifier');
        if (mod !== 'LAZY') fail(`Unknown PREVIEW modifier "${mod}"`);
        lazy = true;
        if (r.take(')')) break;
        r.sp();
      }
    }
    return { kind: 'preview', lazy };
  }
  if (SIMPLE.has(name)) return s(name as SimpleFetchName);
  fail(`Unknown fetch item "${name}"`);
}

/** The items argument of FETCH: a macro, one item, or a parenthesised list. */
export function readFetchItems(r: Reader): FetchAttr[] {
  if (r.peek() === 0x28) return r.list(() => readFetchAttr(r), false, 'fetch item list');
  for (const macro of ['ALL', 'FAST', 'FULL'] as const) {
    if (r.peekWord(macro)) {
      r.expect(macro);
      return [...FETCH_MACROS[macro]];
    }
  }
  return [readFetchAttr(r)];
}

/** RFC 4466 fetch-modifiers: SP "(" fetch-modifier *(SP fetch-modifier) ")". */
export function readFetchModifiers(r: Reader, uid: boolean): FetchModifiers {
  const mods: FetchModifiers = { changedSince: null, vanished: false, partial: null };
  r.list(
    () => {
      const w = r.keyword('fetch modifier');
      if (w === 'CHANGEDSINCE') {
        r.sp();
        mods.changedSince = r.modseq();
      } else if (w === 'VANISHED') {
        mods.vanished = true;
      } else if (w === 'PARTIAL') {
        r.sp();
        mods.partial = readPartialRange(r);
      } else fail(`Unknown FETCH modifier "${w}"`);
    },
    false,
    'fetch modifiers',
  );
  // RFC 7162 §3.2.6: VANISHED only in UID FETCH, and only with CHANGEDSINCE.
  if (mods.vanished && (!uid || mods.changedSince === null))
    fail('VANISHED needs UID FETCH and CHANGEDSINCE');
  if (mods.partial && !uid) fail('PARTIAL is only allowed with UID FETCH (RFC 9394)');
  return mods;
}

/** Section text for responses: [1.2.HEADER.FIELDS (A B)] -> "1.2.HEADER.FIELDS (A B)". */
export function sectionToString(sec: Section): string {
  const parts = sec.part.join('.');
  if (!sec.text) return parts;
  let t: string = sec.text.kind;
  if (sec.text.kind === 'HEADER.FIELDS') {
    t = `HEADER.FIELDS${sec.text.not ? '.NOT' : ''} (${sec.text.fields.map(quoteIfNeeded).join(' ')})`;
  }
  return parts ? `${parts}.${t}` : t;
}

/** Field names are echoed as the client sent them (clients match the response item name
 *  to their request); as an atom when possible, else as a quoted string. */
function quoteIfNeeded(f: string): string {
  if (/^[!#$&'+\-.0-9A-Z^_`a-z|~;<=>?@[/:]+$/.test(f)) return f;
  return `"${f.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Does the item set \Seen implicitly (non-PEEK body fetch, RFC 9051 §6.4.5)? */
export function fetchSetsSeen(a: FetchAttr): boolean {
  if (a.kind === 'body-section' || a.kind === 'binary') return !a.peek;
  return a.kind === 'simple' && (a.name === 'RFC822' || a.name === 'RFC822.TEXT');
}
