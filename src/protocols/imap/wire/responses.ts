// Status responses, continuations, response codes and simple untagged data (RFC 9051 §7).

import { ResponseBuilder, type ResponsePart } from './encode.js';
import type { ParseFailure } from './errors.js';
import type { FrameError } from './frame.js';
import { SEARCH_CHARSETS } from './search.js';

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

/** The answer to a dropped command (RFC 9051 §7.1): tagged when the tag was readable.
 *  A refused literal is a tagged NO [TOOBIG] (K-9 waits for a tagged reply, CLIENT-QUIRKS
 *  §1); a LITERAL- violation is BAD (RFC 7888 §5); over-long lines are BAD [LIMIT]. */
export function frameErrorResponse(e: FrameError): Buffer {
  const status = e.code === 'literal-too-large' ? 'NO' : 'BAD';
  return e.tag
    ? tagged(e.tag, status, e.message, e.responseCode)
    : untaggedStatus('BAD', e.message, e.responseCode);
}

/** The answer to a command that did not parse. */
export function parseFailureResponse(f: ParseFailure): Buffer {
  if (!f.tag) return untaggedStatus('BAD', f.message);
  if (f.code === 'badcharset')
    return tagged(f.tag, 'NO', f.message, `BADCHARSET (${SEARCH_CHARSETS.join(' ')})`);
  return tagged(f.tag, 'BAD', f.message);
}
