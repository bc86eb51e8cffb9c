// IMAP URLs naming a message, a section or a byte range (RFC 5092), with the URLAUTH
// components of RFC 4467 §3 (;EXPIRE= and ;URLAUTH=access:mechanism:token). Pure: a string
// in, a typed value or an error out; resolution against mailboxes happens in message/.
//
//   imap://[user[;AUTH=x]@]host[:port]/mailbox[;UIDVALIDITY=n]/;UID=n[/;SECTION=s]
//          [/;PARTIAL=o[.l]][;EXPIRE=date-time];URLAUTH=access[:mech:token]
//
// Relative forms (RFC 5092 §7.2, used by CATENATE, RFC 4469 §3): "/mailbox..." (server
// path) and ";UID=..." / "/;UID=..." (relative to the selected mailbox).
// Leniency (CLIENT-QUIRKS): parameter names in any case; "@" and ":" are accepted raw
// in the access identifier's user (imaptest sends "user+name@domain").

import { WireSyntaxError } from './errors.js';
import { readSection, type Section } from './fetch-items.js';
import { normalizeMailboxName } from './mailbox-name.js';
import { Reader } from './reader.js';

/** RFC 4467 §3 / RFC 5092 §6.1.2 access identifiers. */
export type UrlAccess =
  | { kind: 'submit'; user: string }
  | { kind: 'user'; user: string }
  | { kind: 'authuser' }
  | { kind: 'anonymous' };

export interface UrlAuth {
  /** The URL up to and including the access identifier: what the token signs (§2.5). */
  rump: string;
  /** Milliseconds since the epoch, or null when the URL does not expire. */
  expire: number | null;
  access: UrlAccess;
  /** Upper-cased; null in a rump URL (GENURLAUTH input). */
  mechanism: string | null;
  token: string | null;
}

export interface ImapUrl {
  /** absolute: imap://...; server: /mailbox...; mailbox: relative to the selected mailbox. */
  base: 'absolute' | 'server' | 'mailbox';
  user: string | null;
  host: string | null;
  port: number | null;
  /** Decoded, normalised mailbox name; null when relative to the selected mailbox. */
  mailbox: string | null;
  uidValidity: number | null;
  /** null: the URL names a mailbox, not a message. */
  uid: number | null;
  /** The section as sent (decoded), e.g. "1.2.MIME", and parsed. */
  sectionText: string | null;
  section: Section | null;
  partial: { offset: number; length: number | null } | null;
  urlauth: UrlAuth | null;
}

export type ImapUrlResult = { ok: true; url: ImapUrl } | { ok: false; error: string };

class UrlError extends Error {}
const bad = (msg: string): never => {
  throw new UrlError(msg);
};

const MAX_URL = 8192;
const NZ = /^[1-9][0-9]{0,9}$/;
const NUM = /^[0-9]{1,16}$/;
// RFC 3339 date-time, as RFC 4467 §3 requires for ;EXPIRE=.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const MECH = /^[A-Za-z0-9.-]+$/;
const HEX = /^[0-9A-Fa-f]{32,}$/;

/** Percent-decodes UTF-8 text (RFC 5092 §6: enc-* components). */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) bad('bad percent escape');
      bytes.push(Number.parseInt(h, 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else for (const b of Buffer.from(s[i]!, 'utf8')) bytes.push(b);
  }
  const out = Buffer.from(bytes).toString('utf8');
  if (out.includes('\uFFFD')) bad('percent escapes are not UTF-8');
  return out;
}

function nz(v: string, what: string): number {
  if (!NZ.test(v) || Number(v) > 0xffffffff) bad(`bad ${what}`);
  return Number(v);
}

/** RFC 9051 section-spec through the FETCH parser (one grammar, one parser). */
function parseSection(text: string): Section {
  try {
    const r = new Reader([{ kind: 'text', data: Buffer.from(`[${text}]`, 'utf8') }]);
    const s = readSection(r);
    if (!r.atEnd()) bad('bad section');
    return s;
  } catch (e) {
    if (e instanceof WireSyntaxError) return bad(`bad section: ${e.message}`);
    throw e;
  }
}

function parseAccess(v: string): UrlAccess {
  const lower = v.toLowerCase();
  if (lower === 'authuser') return { kind: 'authuser' };
  if (lower === 'anonymous') return { kind: 'anonymous' };
  for (const kind of ['submit', 'user'] as const) {
    if (lower.startsWith(`${kind}+`)) {
      const user = percentDecode(v.slice(kind.length + 1));
      if (!user) bad('empty user in access identifier');
      return { kind, user };
    }
  }
  return bad(`unknown access identifier "${v.slice(0, 40)}"`);
}

interface Param {
  name: string;
  value: string;
  /** The parameter was preceded by "/". */
  slash: boolean;
  /** Offset of the ";" in the URL. */
  at: number;
}

/** Splits "[/];NAME=value[/];NAME=value..." starting at `from`. The URLAUTH value runs to
 *  the end (its user may hold raw characters). */
function params(s: string, from: number): Param[] {
  const out: Param[] = [];
  let i = from;
  while (i < s.length) {
    let slash = false;
    if (s[i] === '/') {
      slash = true;
      i++;
    }
    if (s[i] !== ';') bad(`expected ";" at ${i}`);
    const at = i;
    const eq = s.indexOf('=', i);
    if (eq < 0) bad('parameter without "="');
    const name = s.slice(i + 1, eq).toUpperCase();
    let end: number;
    if (name === 'URLAUTH') end = s.length;
    else {
      const re = /[/;]/g;
      re.lastIndex = eq + 1;
      const m = re.exec(s);
      end = m ? m.index : s.length;
    }
    out.push({ name, value: s.slice(eq + 1, end), slash, at });
    i = end;
  }
  return out;
}

/** Parses an IMAP URL (absolute or relative). */
export function parseImapUrl(input: string): ImapUrlResult {
  try {
    return { ok: true, url: parse(input) };
  } catch (e) {
    if (e instanceof UrlError) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(s: string): ImapUrl {
  if (s.length === 0) bad('empty URL');
  if (s.length > MAX_URL) bad('URL too long');
  if (/[\u0000-\u0020\u007f]/.test(s)) bad('space or control character in URL');
  const url: ImapUrl = {
    base: 'mailbox',
    user: null,
    host: null,
    port: null,
    mailbox: null,
    uidValidity: null,
    uid: null,
    sectionText: null,
    section: null,
    partial: null,
    urlauth: null,
  };
  let path: string;
  let pathStart: number;
  if (/^imap:\/\//i.test(s) || s.startsWith('//')) {
    url.base = 'absolute';
    const authStart = s.indexOf('//') + 2;
    const slash = s.indexOf('/', authStart);
    const authority = s.slice(authStart, slash < 0 ? s.length : slash);
    const atSign = authority.lastIndexOf('@');
    let hostport = authority;
    if (atSign >= 0) {
      const userinfo = authority.slice(0, atSign);
      hostport = authority.slice(atSign + 1);
      const semi = userinfo.search(/;AUTH=/i);
      const user = semi >= 0 ? userinfo.slice(0, semi) : userinfo;
      if (user) url.user = percentDecode(user);
    }
    const pm = /^(\[[^\]]+\]|[^:[\]]*)(?::([0-9]{1,5}))?$/.exec(hostport);
    const host = pm?.[1];
    if (!host) return bad('bad host');
    url.host = percentDecode(host).toLowerCase();
    if (pm[2]) url.port = Number(pm[2]);
    if (slash < 0) return url; // the server itself
    pathStart = slash + 1;
    path = s.slice(pathStart);
  } else if (s.startsWith('/') && s[1] !== ';') {
    url.base = 'server';
    pathStart = 1;
    path = s.slice(1);
  } else if (s.startsWith(';') || s.startsWith('/;')) {
    pathStart = 0;
    path = s;
  } else return bad('not an IMAP URL');

  let rest = pathStart;
  if (url.base !== 'mailbox') {
    if (path.includes('?')) bad('search URLs are not supported');
    let end = path.indexOf(';');
    if (end < 0) end = path.length;
    else if (path[end - 1] === '/') end--; // "mailbox/;UID=": the "/" belongs to ;UID
    const box = path.slice(0, end);
    rest = pathStart + end;
    if (!box) bad('no mailbox');
    url.mailbox = normalizeMailboxName(percentDecode(box));
  }
  readParams(s, params(s, rest), url);
  return url;
}

/** The parameters after the mailbox, in RFC 5092's order. */
function readParams(s: string, ps: Param[], url: ImapUrl): void {
  let i = 0;
  const next = (name: string, slash: boolean): Param | null => {
    const p = ps[i];
    if (!p || p.name !== name) return null;
    if (p.slash !== slash && !(name === 'UID' && url.base === 'mailbox'))
      bad(`";${name}=" ${slash ? 'needs' : 'takes no'} "/" before it`);
    i++;
    return p;
  };
  const v = next('UIDVALIDITY', false);
  if (v) url.uidValidity = nz(v.value, 'UIDVALIDITY');
  const uid = next('UID', true);
  if (uid) {
    url.uid = nz(uid.value, 'UID');
    const sec = next('SECTION', true);
    if (sec) {
      url.sectionText = percentDecode(sec.value);
      url.section = parseSection(url.sectionText);
    }
    const part = next('PARTIAL', true);
    if (part) {
      const [o, l] = part.value.split('.');
      if (!o || !NUM.test(o) || (l !== undefined && !NZ.test(l))) bad('bad PARTIAL');
      url.partial = { offset: Number(o), length: l === undefined ? null : Number(l) };
    }
    const exp = next('EXPIRE', false);
    const auth = next('URLAUTH', false);
    if (exp && !auth) bad(';EXPIRE= without ;URLAUTH=');
    if (auth) url.urlauth = readUrlAuth(s, auth, exp);
  }
  if (i < ps.length) bad(`unexpected ";${ps[i]!.name}="`);
  if (url.base === 'mailbox' && url.uid === null) bad('relative URL without ;UID=');
}

function readUrlAuth(s: string, auth: Param, exp: Param | null): UrlAuth {
  let expire: number | null = null;
  if (exp) {
    const text = percentDecode(exp.value);
    const t = Date.parse(text);
    if (!RFC3339.test(text) || Number.isNaN(t)) bad('bad EXPIRE date-time');
    expire = t;
  }
  // access [":" mechanism ":" token]: the last two ":" split it (the user may hold ":").
  const v = auth.value;
  const last = v.lastIndexOf(':');
  const prev = last > 0 ? v.lastIndexOf(':', last - 1) : -1;
  const verified = prev > 0 && MECH.test(v.slice(prev + 1, last)) && HEX.test(v.slice(last + 1));
  const accessText = verified ? v.slice(0, prev) : v;
  const rumpEnd = s.length - v.length + accessText.length;
  return {
    rump: s.slice(0, rumpEnd),
    expire,
    access: parseAccess(accessText),
    mechanism: verified ? v.slice(prev + 1, last).toUpperCase() : null,
    token: verified ? v.slice(last + 1) : null,
  };
}
