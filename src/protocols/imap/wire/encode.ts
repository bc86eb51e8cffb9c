// Response encoding: a response is a list of parts, Buffers and streamed literals, so a
// 50 MB body is never copied into one string. The socket writer sends the parts in order
// and must send exactly `length` bytes for a stream part (pad or close if the source is
// short: a wrong count hangs clients, CLIENT-QUIRKS §1 "Chunked partial fetches").

/** Bytes of a literal produced later (e.g. read from the store); the `{n}` header is
 *  already in the preceding Buffer part. */
export interface StreamPart {
  kind: 'stream';
  length: number;
  source: () => AsyncIterable<Uint8Array>;
}

export type ResponsePart = Buffer | StreamPart;

export interface EncodeOptions {
  /** UTF8=ACCEPT enabled (RFC 6855 §3): UTF-8 may be sent in quoted strings. */
  utf8: boolean;
  /** Longer strings are sent as literals (keeps lines short for line-based clients). */
  maxQuoted?: number;
}

const DEFAULT_MAX_QUOTED = 1024;

/** An S-expression for ENVELOPE / BODYSTRUCTURE and other nested values. */
export type SExpr =
  | null
  | number
  | string
  | Buffer
  | { atom: string }
  /** Items written one after the other without SP (BODYSTRUCTURE's 1*body). */
  | { concat: SExpr[] }
  | SExpr[];

export function isAtomText(s: string): boolean {
  // RFC 9051 ATOM-CHAR: printable ASCII except ( ) { SP % * " \ ]
  return s.length > 0 && /^[!#$&'+,\-./0-9:;<=>?@A-Z[^_`a-z|}~]+$/.test(s) && s.toUpperCase() !== 'NIL';
}

type StringForm = 'quoted' | 'literal';

/** Chooses quoted or literal for a string (RFC 9051 §4.3): literal when it holds CR, LF or
 *  NUL, 8-bit without UTF8=ACCEPT, or is long. */
export function stringForm(b: Buffer, opts: EncodeOptions): StringForm {
  if (b.length > (opts.maxQuoted ?? DEFAULT_MAX_QUOTED)) return 'literal';
  for (const c of b) {
    if (c === 0 || c === 0x0a || c === 0x0d) return 'literal';
    if (c >= 0x80 && !opts.utf8) return 'literal';
  }
  return 'quoted';
}

/** Literals this long are not copied into the text around them. */
const KEEP_APART = 2048;

export class ResponseBuilder {
  private readonly parts: ResponsePart[] = [];
  private text: Array<string | Buffer> = [];
  constructor(private readonly opts: EncodeOptions = { utf8: false }) {}

  /** Text written as is (UTF-8). */
  raw(s: string): this {
    this.text.push(s);
    return this;
  }

  sp(): this {
    return this.raw(' ');
  }

  number(n: number): this {
    return this.raw(String(n));
  }

  /** A string argument: quoted or literal. NUL cannot appear in either (RFC 9051 §4.3);
   *  it is replaced by 0x80 as Dovecot does for ENVELOPE fields (CLIENT-QUIRKS §6). */
  string(s: string | Buffer): this {
    let b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    if (b.includes(0)) b = Buffer.from(b.map((c) => (c === 0 ? 0x80 : c)));
    if (stringForm(b, this.opts) === 'literal') return this.literal(b);
    this.text.push('"');
    this.text.push(escapeQuoted(b));
    this.text.push('"');
    return this;
  }

  /** RFC 9051 astring: an atom when possible, else a string. */
  astring(s: string): this {
    return isAtomText(s) ? this.raw(s) : this.string(s);
  }

  nstring(s: string | Buffer | null): this {
    return s === null ? this.raw('NIL') : this.string(s);
  }

  /** A literal from memory; literal8 (`~{n}`) when `binary` (RFC 3516). */
  literal(data: Buffer, binary = false): this {
    this.text.push(`${binary ? '~' : ''}{${data.length}}\r\n`);
    if (data.length < KEEP_APART) {
      this.text.push(data);
      return this;
    }
    // A message body stays its own part: the socket writer sends it without a copy.
    this.flush();
    this.parts.push(data);
    return this;
  }

  /** A literal whose bytes come from `source` when the response is written. */
  literalStream(length: number, source: () => AsyncIterable<Uint8Array>, binary = false): this {
    this.text.push(`${binary ? '~' : ''}{${length}}\r\n`);
    this.flush();
    this.parts.push({ kind: 'stream', length, source });
    return this;
  }

  /** "(" items ")" with items separated by SP. */
  list<T>(items: Iterable<T>, each: (b: this, item: T) => void): this {
    this.raw('(');
    let first = true;
    for (const it of items) {
      if (!first) this.sp();
      first = false;
      each(this, it);
    }
    return this.raw(')');
  }

  /** Nested value: lists in parentheses, null as NIL, strings as strings. */
  sexpr(v: SExpr): this {
    if (v === null) return this.raw('NIL');
    if (typeof v === 'number') return this.number(v);
    if (typeof v === 'string' || Buffer.isBuffer(v)) return this.string(v);
    if (Array.isArray(v)) return this.list(v, (b, x) => b.sexpr(x));
    if ('concat' in v) {
      for (const x of v.concat) this.sexpr(x);
      return this;
    }
    return this.raw(v.atom);
  }

  private flush(): void {
    if (this.text.length === 0) return;
    const bufs = this.text.map((t) => (typeof t === 'string' ? Buffer.from(t, 'utf8') : t));
    this.parts.push(bufs.length === 1 ? bufs[0]! : Buffer.concat(bufs));
    this.text = [];
  }

  /** Ends the response with CRLF and returns its parts. */
  done(): ResponsePart[] {
    this.raw('\r\n');
    this.flush();
    return this.parts;
  }
}

function escapeQuoted(b: Buffer): Buffer {
  if (!b.includes(0x22) && !b.includes(0x5c)) return b;
  const out: number[] = [];
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) out.push(0x5c);
    out.push(c);
  }
  return Buffer.from(out);
}

/** Total bytes of a response (for accounting and tests). */
export function responseLength(parts: readonly ResponsePart[]): number {
  let n = 0;
  for (const p of parts) n += Buffer.isBuffer(p) ? p.length : p.length;
  return n;
}

/** Joins a response that holds no stream parts into one Buffer (tests, small replies). */
export function responseToBuffer(parts: readonly ResponsePart[]): Buffer {
  return Buffer.concat(
    parts.map((p) => {
      if (!Buffer.isBuffer(p)) throw new Error('responseToBuffer: response has a stream part');
      return p;
    }),
  );
}
