// Address lists (RFC 5322 §3.4, obsolete forms of §4.4) as IMAP ENVELOPE addresses
// (RFC 9051 §7.5.2): groups become a start marker (mailbox = group name, host NIL) and an
// end marker (all NIL). Tolerant: missing angle brackets, comments as names, routes.

import { decodeWords } from './encoded-word.js';
import type { EnvelopeAddress } from './types.js';

type Tok =
  | { k: 'word'; v: string; quoted: boolean; space: boolean }
  | { k: 'comment'; v: string }
  | { k: 'special'; v: string; space: boolean };

/** One lexical token at a time (RFC 5322 §3.2): whitespace, quoted string, domain literal, special, atom. */
const LEX_SOURCE =
  /[ \t\r\n]+|"((?:[^"\\]|\\[\s\S])*)"?|(\[[^\]]*\]?)|([<>@,;:.])|\(|[^ \t\r\n"(<>@,;:.[]+|[\s\S]/.source;

/** A comment starting at `start` (just after "("), nested comments included; returns its text and end. */
function readComment(s: string, start: number): { text: string; end: number } {
  let depth = 1;
  let text = '';
  let i = start;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { text, end: i + 1 };
    text += c;
    i++;
  }
  return { text, end: i };
}

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let space = false;
  const LEX = new RegExp(LEX_SOURCE, 'y'); // per call: a sticky regex carries state
  while (LEX.lastIndex < s.length) {
    const at = LEX.lastIndex;
    const m = LEX.exec(s) as RegExpExecArray;
    const t = m[0];
    const c = t.charCodeAt(0);
    if (c === 32 || c === 9 || c === 13 || c === 10) space = true;
    else if (c === 34) {
      toks.push({ k: 'word', v: (m[1] ?? '').replace(/\\([\s\S])/g, '$1'), quoted: true, space });
      space = false;
    } else if (m[2] !== undefined) {
      toks.push({ k: 'word', v: m[2], quoted: false, space }); // domain literal, kept whole
      space = false;
    } else if (m[3] !== undefined) {
      toks.push({ k: 'special', v: m[3], space });
      space = false;
    } else if (c === 40) {
      const { text, end } = readComment(s, at + 1);
      toks.push({ k: 'comment', v: text.trim() });
      LEX.lastIndex = end;
      space = true;
    } else {
      toks.push({ k: 'word', v: t, quoted: false, space });
      space = false;
    }
  }
  return toks;
}

/** Joins phrase tokens with single spaces where the source had whitespace. */
function phraseText(toks: Tok[]): string {
  let out = '';
  for (const t of toks) {
    if (t.k === 'comment') continue;
    if (out && t.space) out += ' ';
    out += t.v;
  }
  return out.trim();
}

/** Joins addr-spec tokens without whitespace (RFC 5322 §4.4 allows CFWS around dots). */
function specText(toks: Tok[]): string {
  return toks
    .filter((t) => t.k !== 'comment')
    .map((t) => t.v)
    .join('');
}

/** What an address lacking a part shows, as Dovecot does (a NIL host would mean a group). */
export const MISSING_MAILBOX = 'MISSING_MAILBOX';
export const MISSING_DOMAIN = 'MISSING_DOMAIN';

function splitSpec(spec: string): { adl: string | null; mailbox: string; host: string } {
  // Obsolete route (RFC 5322 §4.4 obs-route): "@a,@b:user@host" -> adl "@a,@b".
  let s = spec;
  let adl: string | null = null;
  if (s.startsWith('@')) {
    const colon = s.indexOf(':');
    if (colon >= 0) {
      adl = s.slice(0, colon);
      s = s.slice(colon + 1);
    }
  }
  const at = s.lastIndexOf('@');
  const mailbox = at < 0 ? s : s.slice(0, at);
  const host = at < 0 ? '' : s.slice(at + 1);
  return { adl, mailbox: mailbox || MISSING_MAILBOX, host: host || MISSING_DOMAIN };
}

function makeAddress(toks: Tok[], angle: Tok[] | null): EnvelopeAddress | null {
  const comments = toks.filter((t) => t.k === 'comment').map((t) => t.v);
  if (angle) {
    const name = phraseText(toks) || comments.join(' ') || null;
    return { name, ...splitSpec(specText(angle)) };
  }
  const words = toks.filter((t) => t.k !== 'comment');
  if (words.length === 0) return null;
  // Missing brackets: "John Doe john@example.com" -> the last word with "@" is the address.
  const atIdx = words.findIndex((t) => t.k === 'special' && t.v === '@');
  if (atIdx > 0) {
    let start = atIdx - 1;
    while (start > 0 && !(words[start] as Tok & { space: boolean }).space) start--;
    const phrase = phraseText(words.slice(0, start));
    return { name: phrase || comments.join(' ') || null, ...splitSpec(specText(words.slice(start))) };
  }
  // Several words and no "@": a display name whose address is missing.
  if (words.slice(1).some((t) => t.k === 'word' && t.space)) {
    return { name: phraseText(words), adl: null, mailbox: MISSING_MAILBOX, host: MISSING_DOMAIN };
  }
  return { name: comments.join(' ') || null, ...splitSpec(specText(words)) };
}

/** Parses an address-list header value into ENVELOPE addresses (raw names, words kept). */
export function parseAddressList(value: string): EnvelopeAddress[] {
  const toks = tokenize(value);
  const out: EnvelopeAddress[] = [];
  let cur: Tok[] = [];
  let angle: Tok[] | null = null;
  let inAngle = false;
  let inGroup = false;
  const flush = () => {
    const a = makeAddress(cur, angle);
    if (a) out.push(a);
    cur = [];
    angle = null;
    inAngle = false;
  };
  for (const t of toks) {
    if (inAngle) {
      if (t.k === 'special' && t.v === '>') inAngle = false;
      else if (t.k === 'special' && t.v === ',' && !(angle?.[0]?.k === 'special' && angle[0].v === '@')) {
        flush(); // "<" never closed: the comma still ends the address
      } else if (t.k === 'special' && t.v === '<') {
        /* stray "<" inside brackets: ignored */
      } else angle?.push(t);
      continue;
    }
    if (t.k === 'special') {
      if (t.v === '<') {
        if (angle) flush(); // a second "<" starts a new address
        angle = [];
        inAngle = true;
        continue;
      }
      if (t.v === ',') {
        flush();
        continue;
      }
      if (t.v === ':' && !inGroup && !angle && !cur.some((x) => x.k === 'special' && x.v === '@')) {
        out.push({ name: null, adl: null, mailbox: phraseText(cur), host: null });
        cur = [];
        inGroup = true;
        continue;
      }
      if (t.v === ':' && inGroup) {
        cur = []; // a group inside a group is not allowed: its name is dropped
        continue;
      }
      if (t.v === ';') {
        flush();
        if (inGroup) out.push({ name: null, adl: null, mailbox: null, host: null });
        inGroup = false;
        continue;
      }
      if (t.v === '>') continue;
    }
    if (angle && t.k !== 'comment') {
      flush(); // text after "<...>" without a comma: a new address
    }
    cur.push(t);
  }
  flush();
  if (inGroup) out.push({ name: null, adl: null, mailbox: null, host: null });
  return out;
}

/** Whether an envelope address is a group marker rather than a mailbox. */
export function isGroupMarker(a: EnvelopeAddress): boolean {
  return a.host === null;
}

/** "local@host" of an address (no host: just the mailbox). */
export function addressSpec(a: EnvelopeAddress): string {
  const mailbox = a.mailbox === MISSING_MAILBOX ? '' : (a.mailbox ?? '');
  const host = a.host === MISSING_DOMAIN ? '' : (a.host ?? '');
  return host ? `${mailbox}@${host}` : mailbox;
}

/** The first real mailbox of a list, with its decoded display name. */
export function firstMailbox(list: EnvelopeAddress[] | null): { address: string; display: string } {
  for (const a of list ?? []) {
    if (isGroupMarker(a)) continue;
    const address = addressSpec(a);
    return { address, display: a.name ? decodeWords(a.name) : address };
  }
  return { address: '', display: '' };
}

/** A decoded, human-readable rendering of a list, for search and display. */
export function formatAddressesForDisplay(list: EnvelopeAddress[] | null): string {
  return (list ?? [])
    .filter((a) => !isGroupMarker(a))
    .map((a) => {
      const spec = addressSpec(a);
      return a.name ? `${decodeWords(a.name)} <${spec}>` : spec;
    })
    .join(', ');
}
