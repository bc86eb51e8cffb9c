// Entry point: one framed command -> ImapCommand, or a ParseFailure value (never throws
// on bad input). The tag is read first so even a garbled command can be answered by tag.

import { type ParseFailure, WireSyntaxError } from '../errors.js';
import type { Frame } from '../frame.js';
import { readTag } from '../framer.js';
import { Reader } from '../reader.js';
import { parseAppend, parseReplace } from './append-commands.js';
import {
  parseCreate,
  parseGetQuota,
  parseGetQuotaRoot,
  parseList,
  parseLsub,
  parseOneMailbox,
  parseRename,
  parseSelect,
  parseSetQuota,
  parseStatus,
} from './mailbox-commands.js';
import {
  parseCancelUpdate,
  parseCopyMove,
  parseExpunge,
  parseFetch,
  parseSearch,
  parseSort,
  parseStore,
  parseThread,
} from './message-commands.js';
import { parseNotify } from './notify.js';
import { parseAuthenticate, parseCompress, parseEnable, parseId, parseLogin } from './session-commands.js';
import type { ImapCommand, ParseOptions, ParseResult } from './types.js';
import { parseGenUrlAuth, parseResetKey, parseUrlFetch } from './urlauth-commands.js';

type Parser = (r: Reader, tag: string, opts: ParseOptions) => ImapCommand;
type UidParser = (r: Reader, tag: string, uid: boolean, opts: ParseOptions) => ImapCommand;

const noArgs =
  (
    name:
      | 'CAPABILITY'
      | 'NOOP'
      | 'LOGOUT'
      | 'STARTTLS'
      | 'NAMESPACE'
      | 'IDLE'
      | 'CHECK'
      | 'CLOSE'
      | 'UNSELECT'
      | 'UNAUTHENTICATE',
  ): Parser =>
  (_r, tag) => ({ tag, name });

const PLAIN: Record<string, Parser> = {
  CAPABILITY: noArgs('CAPABILITY'),
  NOOP: noArgs('NOOP'),
  LOGOUT: noArgs('LOGOUT'),
  STARTTLS: noArgs('STARTTLS'),
  NAMESPACE: noArgs('NAMESPACE'),
  IDLE: noArgs('IDLE'),
  CHECK: noArgs('CHECK'),
  CLOSE: noArgs('CLOSE'),
  UNSELECT: noArgs('UNSELECT'),
  UNAUTHENTICATE: noArgs('UNAUTHENTICATE'),
  ID: (r, tag) => parseId(r, tag),
  LOGIN: (r, tag) => parseLogin(r, tag),
  AUTHENTICATE: (r, tag) => parseAuthenticate(r, tag),
  ENABLE: (r, tag) => parseEnable(r, tag),
  COMPRESS: (r, tag) => parseCompress(r, tag),
  SELECT: (r, tag, o) => parseSelect(r, tag, 'SELECT', o),
  EXAMINE: (r, tag, o) => parseSelect(r, tag, 'EXAMINE', o),
  CREATE: parseCreate,
  DELETE: (r, tag, o) => parseOneMailbox(r, tag, 'DELETE', o),
  SUBSCRIBE: (r, tag, o) => parseOneMailbox(r, tag, 'SUBSCRIBE', o),
  UNSUBSCRIBE: (r, tag, o) => parseOneMailbox(r, tag, 'UNSUBSCRIBE', o),
  RENAME: parseRename,
  LIST: parseList,
  LSUB: parseLsub,
  STATUS: parseStatus,
  APPEND: parseAppend,
  NOTIFY: parseNotify,
  GETQUOTA: (r, tag) => parseGetQuota(r, tag),
  GETQUOTAROOT: parseGetQuotaRoot,
  SETQUOTA: (r, tag) => parseSetQuota(r, tag),
  GENURLAUTH: (r, tag) => parseGenUrlAuth(r, tag),
  RESETKEY: parseResetKey,
  URLFETCH: (r, tag) => parseUrlFetch(r, tag),
  CANCELUPDATE: (r, tag) => parseCancelUpdate(r, tag),
};

/** Commands with a UID form (RFC 9051 §6.4.9, RFC 6851 MOVE, RFC 8508 REPLACE, RFC 5256). */
const UID_FORMS: Record<string, UidParser> = {
  EXPUNGE: (r, tag, uid) => parseExpunge(r, tag, uid),
  FETCH: (r, tag, uid) => parseFetch(r, tag, uid),
  STORE: (r, tag, uid) => parseStore(r, tag, uid),
  COPY: (r, tag, uid, o) => parseCopyMove(r, tag, 'COPY', uid, o),
  MOVE: (r, tag, uid, o) => parseCopyMove(r, tag, 'MOVE', uid, o),
  SEARCH: (r, tag, uid) => parseSearch(r, tag, uid),
  SORT: (r, tag, uid) => parseSort(r, tag, uid),
  THREAD: (r, tag, uid) => parseThread(r, tag, uid),
  REPLACE: parseReplace,
};

const defaults: ParseOptions = { utf8Accept: false };

/** Parses one framed command. */
export function parseCommand(frame: Frame, opts: ParseOptions = defaults): ParseResult {
  const first = frame.parts[0];
  const tag = first?.kind === 'text' ? readTag(first.data) : null;
  if (tag === null) return failure(null, 'syntax', 'Missing or invalid tag');
  const r = new Reader(frame.parts);
  try {
    r.expect(tag);
    r.sp();
    let name = r.keyword('command name');
    let uid = false;
    if (name === 'UID') {
      uid = true;
      r.sp();
      name = r.keyword('command name after UID');
      if (!UID_FORMS[name])
        return failure(tag, 'unknown-command', `UID ${name.slice(0, 30)} is not a command`);
    }
    const uidParser = UID_FORMS[name];
    const plain = PLAIN[name];
    let command: ImapCommand;
    if (uidParser) command = uidParser(r, tag, uid, opts);
    else if (plain) command = plain(r, tag, opts);
    else return failure(tag, 'unknown-command', `Unknown command ${name.slice(0, 30)}`);
    r.end();
    return { ok: true, command };
  } catch (e) {
    if (e instanceof WireSyntaxError) return failure(tag, e.code, e.message);
    throw e;
  }
}

function failure(tag: string | null, code: ParseFailure['code'], message: string): ParseFailure {
  return { ok: false, tag, code, message };
}

/** During IDLE: is this frame the `DONE` that ends it (case-insensitive, RFC 2177)? */
export function isIdleDone(frame: Frame): boolean {
  const p = frame.parts[0];
  return (
    frame.parts.length === 1 &&
    p?.kind === 'text' &&
    p.data.toString('latin1').trim().toUpperCase() === 'DONE'
  );
}

/** During AUTHENTICATE: the client's response line (base64, or "*" to cancel). */
export function authenticateResponse(frame: Frame): string | null {
  const p = frame.parts[0];
  if (frame.parts.length !== 1 || p?.kind !== 'text') return null;
  return p.data.toString('latin1').trim();
}
