// Argument pieces shared by several commands: mailboxes, flags, APPEND messages.

import { readDateTime } from '../datetime.js';
import { fail } from '../errors.js';
import { mailboxFromWire } from '../mailbox-name.js';
import { decodeMutf7Lenient } from '../mutf7.js';
import { decodeUtf8, type Reader } from '../reader.js';
import type { AppendMessage, CatPart, ParseOptions, StatusItem } from './types.js';

/** RFC 9051 mailbox = "INBOX" / astring, decoded and normalised (see mailbox-name.ts). */
export function readMailbox(r: Reader, opts: ParseOptions): string {
  const name = r.astring('mailbox name');
  if (name.length === 0) fail('Empty mailbox name');
  return mailboxFromWire(name, opts.utf8Accept);
}

/** A LIST reference or pattern: decoded from modified UTF-7 but otherwise kept as sent. */
export function decodePattern(raw: Buffer, opts: ParseOptions): string {
  const s = decodeUtf8(raw, 'mailbox pattern');
  return opts.utf8Accept ? s : decodeMutf7Lenient(s);
}

const SYSTEM_FLAGS = new Map(
  ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft', '\\Recent'].map((f) => [f.toLowerCase(), f]),
);

/** RFC 9051 flag = "\Answered" / ... / flag-keyword / flag-extension. System flags are
 *  returned in their canonical case; keywords as sent. `\Recent` cannot be stored. */
export function readFlag(r: Reader): string {
  if (r.take('\\')) {
    const name = '\\' + r.atom('flag');
    const known = SYSTEM_FLAGS.get(name.toLowerCase());
    if (known === '\\Recent') fail('\\Recent cannot be set (RFC 9051 §2.3.2)');
    return known ?? name;
  }
  return r.atom('flag');
}

/** RFC 9051 flag-list = "(" [flag *(SP flag)] ")". */
export function readFlagList(r: Reader): string[] {
  return r.list(() => readFlag(r), true, 'flag list');
}

/** RFC 3502 append-message = append-opts SP append-data, called after the SP that starts
 *  the options: [flag-list SP] [date-time SP] (literal / literal8 / "UTF8" SP "(" literal8 ")"). */
export function readAppendMessage(r: Reader): AppendMessage {
  let flags: string[] = [];
  let date = null;
  if (r.peek() === 0x28) {
    flags = readFlagList(r);
    r.sp();
  }
  if (r.peek() === 0x22) {
    date = readDateTime(r);
    r.sp();
  }
  if (r.peekWord('UTF8')) {
    // RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")"
    r.expect('UTF8');
    r.sp();
    r.expect('(');
    const data = r.literalPart();
    if (!data.binary) fail('UTF8 APPEND data must be a literal8 (~{n})');
    r.expect(')');
    return { flags, date, data, utf8: true };
  }
  if (r.peekWord('CATENATE')) {
    r.expect('CATENATE');
    r.sp();
    return { flags, date, data: { kind: 'catenate', parts: readCatParts(r) }, utf8: false };
  }
  return { flags, date, data: r.literalPart(), utf8: false };
}

/** A message made of more parts than this is refused: bounds the URL lookups one command
 *  can cause (RFC 4469 sets no limit; Dovecot has none either, clients send a handful). */
export const MAX_CAT_PARTS = 1000;

/** RFC 4469 §5: "(" cat-part *(SP cat-part) ")", cat-part = "TEXT" SP literal / "URL" SP
 *  astring. TEXT takes literal8 too (binary data, RFC 3516). */
function readCatParts(r: Reader): CatPart[] {
  const parts = r.list(
    (): CatPart => {
      const w = r.keyword('TEXT or URL');
      r.sp();
      if (w === 'TEXT') return { kind: 'text', data: r.literalPart() };
      if (w === 'URL') return { kind: 'url', url: readUrl(r) };
      return fail(`Expected TEXT or URL in CATENATE, got "${w.slice(0, 20)}"`);
    },
    false,
    'CATENATE list',
  );
  if (parts.length > MAX_CAT_PARTS) fail(`CATENATE takes at most ${MAX_CAT_PARTS} parts`);
  return parts;
}

/** A URL argument: an astring, or (leniently) a bare run of URL characters, since some
 *  clients send URLs holding "%" or "*" unquoted. Parentheses inside it must balance, so
 *  "(url BINARY)" and "(url)" read as lists (RFC 5524 §4). */
export function readUrl(r: Reader): string {
  const c = r.peek();
  if (c === 0x22 || c === -1) return r.astring('URL');
  let depth = 0;
  const s = r.takeWhile((b) => {
    if (b <= 0x20 || b >= 0x7f) return false;
    if (b === 0x28) depth++;
    else if (b === 0x29) {
      if (depth === 0) return false;
      depth--;
    }
    return true;
  });
  if (!s) fail(`Expected a URL ${r.where()}`);
  return s;
}

const STATUS_ITEMS = new Set<string>([
  'MESSAGES',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'SIZE',
  'HIGHESTMODSEQ',
  'RECENT',
  'APPENDLIMIT',
  'MAILBOXID',
]);

/** RFC 9051 "(" status-att *(SP status-att) ")" with RFC 7162, 7889, 8474 items. */
export function readStatusItems(r: Reader): StatusItem[] {
  return r.list(
    () => {
      const w = r.keyword('status item');
      if (!STATUS_ITEMS.has(w)) fail(`Unknown status item "${w.slice(0, 40)}"`);
      return w as StatusItem;
    },
    false,
    'status items',
  );
}
