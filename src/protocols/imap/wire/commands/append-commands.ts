// APPEND / MULTIAPPEND (RFC 9051 §6.3.12, RFC 3502, RFC 6855 UTF8, RFC 3516 literal8) and
// REPLACE (RFC 8508).

import { WireSyntaxError } from '../errors.js';
import type { Frame } from '../frame.js';
import { Reader } from '../reader.js';
import { readAppendMessage, readMailbox } from './common.js';
import type { AppendMessage, ImapCommand, ParseOptions } from './types.js';

/** append = "APPEND" SP mailbox 1*append-message (RFC 3502 §6). */
export function parseAppend(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  const mailbox = readMailbox(r, opts);
  const messages: AppendMessage[] = [];
  do {
    r.sp();
    messages.push(readAppendMessage(r));
  } while (!r.atEnd());
  return { tag, name: 'APPEND', mailbox, messages };
}

/** replace = "REPLACE" SP seq-number SP mailbox append-message (RFC 8508 §6). */
export function parseReplace(r: Reader, tag: string, uid: boolean, opts: ParseOptions): ImapCommand {
  r.sp();
  const target = r.nzNumber(0xffffffff, uid ? 'UID' : 'sequence number');
  r.sp();
  const mailbox = readMailbox(r, opts);
  r.sp();
  return { tag, name: 'REPLACE', uid, target, mailbox, message: readAppendMessage(r) };
}

/** The target mailbox of an APPEND / REPLACE whose literal is announced (the `sofar` frame
 *  of a continuation event), so the session can answer NO [TRYCREATE] or apply the
 *  mailbox's APPENDLIMIT before accepting the literal. Null when not readable yet (e.g. the
 *  mailbox name itself is the literal). */
export function appendTarget(frame: Frame, opts: ParseOptions): string | null {
  if (!frame.tag) return null;
  const r = new Reader(frame.parts);
  try {
    r.expect(frame.tag);
    r.sp();
    let name = r.keyword();
    if (name === 'UID') {
      r.sp();
      name = r.keyword();
    }
    if (name === 'REPLACE') {
      r.sp();
      r.nzNumber();
    } else if (name !== 'APPEND') return null;
    r.sp();
    return readMailbox(r, opts);
  } catch (e) {
    if (e instanceof WireSyntaxError) return null;
    throw e;
  }
}
