// URLAUTH commands (RFC 4467 §7) and URLFETCH's extended parameters (RFC 5524 §4).
// URLs are kept as sent: the token signs their exact bytes and answers echo them.

import { fail } from '../errors.js';
import type { Reader } from '../reader.js';
import { readMailbox, readUrl } from './common.js';
import type { ImapCommand, ParseOptions, UrlFetchParams } from './types.js';

/** genurlauth = "GENURLAUTH" 1*(SP url-rump SP mechanism) (RFC 4467 §9). */
export function parseGenUrlAuth(r: Reader, tag: string): ImapCommand {
  const items: Array<{ url: string; mechanism: string }> = [];
  do {
    r.sp();
    const url = readUrl(r);
    r.sp();
    items.push({ url, mechanism: r.keyword('mechanism') });
  } while (!r.atEnd());
  return { tag, name: 'GENURLAUTH', items };
}

/** resetkey = "RESETKEY" [SP mailbox *(SP mechanism)] (RFC 4467 §9). */
export function parseResetKey(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  if (r.atEnd()) return { tag, name: 'RESETKEY', mailbox: null, mechanisms: [] };
  r.sp();
  const mailbox = readMailbox(r, opts);
  const mechanisms: string[] = [];
  while (!r.atEnd()) {
    r.sp();
    mechanisms.push(r.keyword('mechanism'));
  }
  return { tag, name: 'RESETKEY', mailbox, mechanisms };
}

/** urlfetch = "URLFETCH" 1*(SP url-fetch-param); url-fetch-param = url / "(" url
 *  1*(SP ("BODYPARTSTRUCTURE" / "BINARY" / "BODY")) ")" (RFC 5524 §4; BODY and BINARY
 *  exclude each other). */
export function parseUrlFetch(r: Reader, tag: string): ImapCommand {
  const urls: Array<{ url: string; params: UrlFetchParams | null }> = [];
  do {
    r.sp();
    if (!r.take('(')) {
      urls.push({ url: readUrl(r), params: null });
      continue;
    }
    const url = readUrl(r);
    const params: UrlFetchParams = { bodyPartStructure: false, binary: false, body: false };
    do {
      r.sp();
      const w = r.keyword('URLFETCH parameter');
      if (w === 'BODYPARTSTRUCTURE') params.bodyPartStructure = true;
      else if (w === 'BINARY') params.binary = true;
      else if (w === 'BODY') params.body = true;
      else fail(`Unknown URLFETCH parameter "${w.slice(0, 30)}"`);
    } while (!r.take(')'));
    if (params.binary && params.body) fail('URLFETCH: BODY and BINARY exclude each other');
    urls.push({ url, params });
  } while (!r.atEnd());
  return { tag, name: 'URLFETCH', urls };
}
