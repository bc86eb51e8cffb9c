// GENURLAUTH and URLFETCH responses (RFC 4467 §8, RFC 5524 §4).

import { type EncodeOptions, ResponseBuilder, type ResponsePart } from './encode.js';
import { type FetchValue, writeValue } from './fetch-response.js';

/** `* GENURLAUTH url...` (RFC 4467 §8.2). */
export function genUrlAuthResponse(urls: readonly string[], opts: EncodeOptions): ResponsePart[] {
  const b = new ResponseBuilder(opts).raw('* GENURLAUTH');
  for (const u of urls) b.sp().astring(u);
  return b.done();
}

/** What one URL of URLFETCH yields: NIL, the plain data (RFC 4467), or the RFC 5524 list. */
export type UrlFetchData =
  | null
  | { kind: 'plain'; value: FetchValue }
  | {
      kind: 'extended';
      structure: string | null;
      data: { name: 'BINARY' | 'BODY'; value: FetchValue } | null;
    };

/** `* URLFETCH url data` (RFC 4467 §8.3; RFC 5524 §4: BODYPARTSTRUCTURE first, as Dovecot). */
export function urlFetchResponse(url: string, data: UrlFetchData, opts: EncodeOptions): ResponsePart[] {
  const b = new ResponseBuilder(opts).raw('* URLFETCH ').astring(url).sp();
  if (data === null) b.raw('NIL');
  else if (data.kind === 'plain') writeValue(b, data.value);
  else {
    const items: Array<() => void> = [];
    if (data.structure !== null) items.push(() => b.raw(`BODYPARTSTRUCTURE ${data.structure}`));
    const d = data.data;
    if (d)
      items.push(() => {
        b.raw(`${d.name} `);
        writeValue(b, d.value);
      });
    b.list(items, (_b, f) => f());
  }
  return b.done();
}
