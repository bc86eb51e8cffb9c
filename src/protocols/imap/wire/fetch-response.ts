// `* n FETCH (...)` responses (RFC 9051 §7.5.2). Body data can be a Buffer or a stream of
// known length, so large bodies go from the store to the socket without a copy here.

import { formatDateTime } from './datetime.js';
import { type EncodeOptions, ResponseBuilder, type ResponsePart, type SExpr } from './encode.js';
import { type FetchAttr, sectionToString } from './fetch-items.js';

export type FetchValue =
  /** UID, RFC822.SIZE, BINARY.SIZE[...] */
  | { t: 'number'; n: number }
  /** MODSEQ (n) (RFC 7162 §3.1.4.1) */
  | { t: 'modseq'; n: number }
  | { t: 'flags'; flags: readonly string[] }
  /** INTERNALDATE, SAVEDATE (null: NIL, RFC 8514) */
  | { t: 'date'; time: number | null; offsetMinutes?: number }
  /** EMAILID / THREADID: "(" objectid ")" or NIL (RFC 8474 §5) */
  | { t: 'objectid'; id: string | null }
  /** PREVIEW text or NIL (RFC 8970) */
  | { t: 'nstring'; s: string | null }
  /** ENVELOPE, BODY, BODYSTRUCTURE */
  | { t: 'sexpr'; v: SExpr }
  /** BODY[...], BINARY[...], RFC822*: in memory; binary uses literal8 (RFC 3516 §4.3) */
  | { t: 'body'; data: Buffer | null; binary?: boolean }
  | { t: 'body-stream'; length: number; source: () => AsyncIterable<Uint8Array>; binary?: boolean };

export interface FetchItem {
  /** Item name as it appears in the response, e.g. from fetchItemName(). */
  name: string;
  value: FetchValue;
}

/** The response name of a requested item: BODY.PEEK[HEADER]<0.100> -> `BODY[HEADER]<0>`. */
export function fetchItemName(a: FetchAttr): string {
  switch (a.kind) {
    case 'simple':
      return a.name;
    case 'body-section':
      return `BODY[${sectionToString(a.section)}]${a.partial ? `<${a.partial.origin}>` : ''}`;
    case 'binary':
      return `BINARY[${a.part.join('.')}]${a.partial ? `<${a.partial.origin}>` : ''}`;
    case 'binary-size':
      return `BINARY.SIZE[${a.part.join('.')}]`;
    case 'preview':
      return 'PREVIEW';
  }
}

/** One FETCH-style value (also URLFETCH data, RFC 5524 §4). */
export function writeValue(b: ResponseBuilder, v: FetchValue): void {
  switch (v.t) {
    case 'number':
      b.number(v.n);
      return;
    case 'modseq':
      b.raw(`(${v.n})`);
      return;
    case 'flags':
      b.raw(`(${v.flags.join(' ')})`);
      return;
    case 'date':
      b.raw(v.time === null ? 'NIL' : formatDateTime(v.time, v.offsetMinutes ?? 0));
      return;
    case 'objectid':
      b.raw(v.id === null ? 'NIL' : `(${v.id})`);
      return;
    case 'nstring':
      b.nstring(v.s);
      return;
    case 'sexpr':
      b.sexpr(v.v);
      return;
    case 'body':
      // Always a literal: exact byte counts matter to clients (CLIENT-QUIRKS §1).
      if (v.data === null) b.raw('NIL');
      else b.literal(v.data, v.binary === true && v.data.includes(0));
      return;
    case 'body-stream':
      b.literalStream(v.length, v.source, v.binary === true);
      return;
  }
}

function write(prefix: string, items: readonly FetchItem[], opts: EncodeOptions): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw(prefix);
  b.list(items, (x, it) => {
    x.raw(`${it.name} `);
    writeValue(x, it.value);
  });
  return b.done();
}

/** `* seq FETCH (name value ...)`. */
export function fetchResponse(seq: number, items: readonly FetchItem[], opts: EncodeOptions): ResponsePart[] {
  return write(`* ${seq} FETCH `, items, opts);
}

/** RFC 9586 UIDONLY: `* uid UIDFETCH (...)`. */
export function uidFetchResponse(
  uid: number,
  items: readonly FetchItem[],
  opts: EncodeOptions,
): ResponsePart[] {
  return write(`* ${uid} UIDFETCH `, items, opts);
}
