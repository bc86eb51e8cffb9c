// The incremental message analyzer: one pass over CRLF-normalised bytes, fed in chunks of
// any size, recording the exact byte offsets of every part (IMAP BODY[n], BODY[n.MIME])
// and collecting what the index needs. Memory is bounded: bodies are never kept, only
// header blocks (capped) and decoded text up to the limit.
//
// Offsets follow IMAP: a part's body ends before the line break that precedes the next
// boundary line, because that line break belongs to the boundary (RFC 2046 §5.1.1).
import { buildEnvelope } from './envelope.js';
import { type HeaderField, parseHeaderBlock } from './header.js';
import { buildIndexFields, type IndexedText } from './index-fields.js';
import { paramValue } from './params.js';
import { applyPartHeaders, emptyPart } from './part-headers.js';
import { type TextBudget, TextCollector } from './text-collector.js';
import type { AnalyzerLimits, Envelope, MessageAnalysis, MessageAnalyzer, MimePart } from './types.js';

export const DEFAULT_LIMITS: AnalyzerLimits = { maxIndexedText: 1 << 20, maxDepth: 64, maxParts: 10_000 };

/** Most header bytes kept per part; the rest of a larger header is skipped (offsets stay exact). */
const MAX_HEADER_BYTES = 1 << 20;
/** An unfinished line not starting with "--" cannot be a boundary line; past this length it is handed on as content. */
const MAX_PENDING = 4096;
/** An unfinished line starting with "--" is kept this long to be checked as a boundary, then handed on as content. */
const MAX_PENDING_DASH = 65536;

interface Open {
  part: MimePart;
  parent: Open | null;
  depth: number;
  state: 'header' | 'body';
  header: Buffer[];
  headerBytes: number;
  /** Number of line feeds before bodyStart. */
  bodyStartLine: number;
  inDigest: boolean;
  /** multipart: the delimiter "--boundary", and whether the close delimiter was seen. */
  delimiter: Buffer | null;
  closed: boolean;
  /** multipart/alternative: a text/plain child was indexed, so text/html siblings are skipped. */
  hasPlain: boolean;
  /** message/rfc822: the encapsulated message's root is the next entry on the stack. */
  isMessage: boolean;
  /** This entry is the root of a (top-level or encapsulated) message. */
  isMessageRoot: boolean;
  envelope: Envelope | null;
  fields: HeaderField[] | null;
  text: TextCollector | null;
  /** Line break withheld from `text` until we know it is not the boundary's. */
  pendingEol: Buffer | null;
  isPlain: boolean;
}

const CRLF = Buffer.from('\r\n');
const LF = Buffer.from('\n');

class Analyzer implements MessageAnalyzer {
  private readonly limits: AnalyzerLimits;
  private readonly stack: Open[] = [];
  private readonly budget: TextBudget;
  private readonly texts: IndexedText[] = [];
  private root: Open;
  private pending: Buffer | null = null;
  /** Absolute offset of the next byte to process. */
  private pos = 0;
  /** Line feeds seen so far. */
  private lf = 0;
  /** Content bytes of the current line already handled (long line flushed in pieces). */
  private lineDone = 0;
  private prevEolLen = 0;
  private partCount = 1;
  private frozen = false;
  private ended = false;
  private hasAttachment = false;

  constructor(limits: AnalyzerLimits) {
    this.limits = limits;
    this.budget = { remaining: limits.maxIndexedText };
    this.root = this.open(emptyPart(0), null, true);
    this.stack.push(this.root);
  }

  private open(part: MimePart, parent: Open | null, isMessageRoot: boolean): Open {
    return {
      part,
      parent,
      depth: parent ? parent.depth + 1 : 0,
      state: 'header',
      header: [],
      headerBytes: 0,
      bodyStartLine: 0,
      inDigest: parent?.part.subtype === 'digest' && parent.part.type === 'multipart',
      delimiter: null,
      closed: false,
      hasPlain: false,
      isMessage: false,
      isMessageRoot,
      envelope: null,
      fields: null,
      text: null,
      pendingEol: null,
      isPlain: false,
    };
  }

  write(chunk: Buffer): void {
    if (this.ended) throw new Error('MessageAnalyzer.write() after end()');
    let from = 0;
    if (this.pending) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.pending = Buffer.concat([this.pending, chunk]);
        this.maybeFlushLong();
        return;
      }
      const line = Buffer.concat([this.pending, chunk.subarray(0, nl + 1)]);
      this.pending = null;
      this.line(line, 0, line.length);
      from = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) break;
      this.line(chunk, from, nl + 1);
      from = nl + 1;
    }
    if (from < chunk.length) {
      this.pending = Buffer.from(chunk.subarray(from));
      this.maybeFlushLong();
    }
  }

  /** Hands a long unfinished line on as content, so memory stays bounded. */
  private maybeFlushLong(): void {
    const p = this.pending;
    if (!p) return;
    const dash = this.lineDone === 0 && p[0] === 45 && p[1] === 45;
    if (p.length <= (dash ? MAX_PENDING_DASH : MAX_PENDING)) return;
    // Keep a trailing CR: it may be the start of the line break.
    const keep = p[p.length - 1] === 13 ? 1 : 0;
    this.fragment(p.subarray(0, p.length - keep));
    this.pending = keep ? Buffer.from(p.subarray(p.length - keep)) : null;
  }

  /** Part of a line's content, without its line break, that cannot be a boundary. */
  private fragment(buf: Buffer): void {
    const top = this.top();
    if (top.state === 'header') this.keepHeader(top, buf);
    else this.content(top, buf, null);
    this.lineDone += buf.length;
    this.pos += buf.length;
  }

  private top(): Open {
    return this.stack[this.stack.length - 1] as Open;
  }

  /** One line [s, e) of buf, ending with its line feed (or the end of the message). */
  private line(buf: Buffer, s: number, e: number): void {
    let eolLen = 0;
    if (e > s && buf[e - 1] === 10) eolLen = e - 2 >= s && buf[e - 2] === 13 ? 2 : 1;
    const contentLen = e - s - eolLen;
    const whole = this.lineDone === 0;
    const top = this.top();
    if (whole && contentLen >= 2 && buf[s] === 45 && buf[s + 1] === 45 && !this.frozen) {
      if (this.boundary(buf, s, s + contentLen, e - s)) {
        this.endLine(e - s, eolLen);
        return;
      }
    }
    if (top.state === 'header') {
      if (whole && contentLen === 0 && eolLen > 0) {
        this.endLine(e - s, eolLen);
        this.finishHeader(top, this.pos, true);
        return;
      }
      this.keepHeader(top, buf.subarray(s, e));
    } else {
      this.content(top, buf.subarray(s, s + contentLen), eolLen ? buf.subarray(e - eolLen, e) : null);
    }
    this.endLine(e - s, eolLen);
  }

  private endLine(len: number, eolLen: number): void {
    this.pos += len;
    if (eolLen) this.lf++;
    this.prevEolLen = eolLen;
    this.lineDone = 0;
  }

  private keepHeader(o: Open, bytes: Buffer): void {
    if (o.headerBytes >= MAX_HEADER_BYTES) return;
    const b = bytes.subarray(0, MAX_HEADER_BYTES - o.headerBytes);
    o.header.push(Buffer.from(b));
    o.headerBytes += b.length;
  }

  private content(o: Open, bytes: Buffer, eol: Buffer | null): void {
    const t = o.text;
    if (!t) return;
    if (o.pendingEol) t.write(o.pendingEol);
    if (bytes.length) t.write(bytes);
    o.pendingEol = eol ? (eol.length === 2 ? CRLF : LF) : null;
  }

  /**
   * Checks a line starting with "--" against the open multiparts, innermost first. RFC 2046
   * §5.1.1: the boundary need only begin the line ("--b garbage" still delimits). An exact
   * match (only whitespace after the boundary, or "--") wins over a prefix match, so an
   * outer boundary that merely extends an inner one is still found.
   */
  private boundary(buf: Buffer, s: number, ce: number, len: number): boolean {
    for (const exact of [true, false]) {
      for (let k = this.stack.length - 1; k >= 0; k--) {
        const o = this.stack[k] as Open;
        const d = o.delimiter;
        if (!d || o.closed || ce - s < d.length) continue;
        if (buf.compare(d, 0, d.length, s, s + d.length) !== 0) continue;
        const i = s + d.length;
        const close = buf[i] === 45 && buf[i + 1] === 45;
        if (exact && !onlyWhitespace(buf, close ? i + 2 : i, ce)) continue;
        this.onBoundary(k, close, len);
        return true;
      }
    }
    return false;
  }

  private onBoundary(k: number, close: boolean, len: number): void {
    const lineStart = this.pos;
    let end = lineStart - this.prevEolLen;
    while (this.stack.length - 1 > k) end = this.close(this.stack.pop() as Open, end, false);
    const mp = this.stack[k] as Open;
    if (close) {
      mp.closed = true;
      return;
    }
    if (this.partCount >= this.limits.maxParts) {
      this.frozen = true; // too many parts: the rest of the message is content of this one
      return;
    }
    const child = emptyPart(lineStart + len);
    this.partCount++;
    mp.part.children?.push(child);
    this.stack.push(this.open(child, mp, false));
  }

  /** The header ended (blank line, boundary or end of message) at `bodyStart`. */
  private finishHeader(o: Open, bodyStart: number, descend: boolean): void {
    o.state = 'body';
    const part = o.part;
    part.bodyStart = bodyStart;
    part.bodyEnd = bodyStart;
    o.bodyStartLine = this.lf;
    const fields = parseHeaderBlock(Buffer.concat(o.header));
    o.header = [];
    applyPartHeaders(part, fields, o.inDigest);
    if (o.isMessageRoot) {
      o.envelope = buildEnvelope(fields);
      o.fields = fields;
      const parent = o.parent;
      if (parent?.isMessage) parent.part.message = { envelope: o.envelope, part };
    }
    this.noteAttachment(o);
    if (!descend) return;
    const deep = o.depth >= this.limits.maxDepth || this.frozen;
    if (part.type === 'multipart') {
      part.children = [];
      const b = paramValue(part.params, 'boundary');
      if (b && !deep) o.delimiter = Buffer.from(`--${b}`, 'utf8');
      return;
    }
    if (
      part.type === 'message' &&
      (part.subtype === 'rfc822' || part.subtype === 'global') &&
      !deep &&
      this.partCount < this.limits.maxParts
    ) {
      o.isMessage = true;
      this.partCount++;
      this.stack.push(this.open(emptyPart(bodyStart), o, true));
      return;
    }
    this.startText(o);
  }

  private noteAttachment(o: Open): void {
    const part = o.part;
    if (part.type === 'multipart') return;
    const d = part.disposition;
    const named = d?.params.some(([k]) => k === 'filename') || part.params.some(([k]) => k === 'name');
    const attachedMessage = part.type === 'message' && o !== this.root;
    if (d?.value === 'attachment' || ((named || attachedMessage) && d?.value !== 'inline'))
      this.hasAttachment = true;
  }

  private startText(o: Open): void {
    const p = o.part;
    if (p.type !== 'text' || (p.subtype !== 'plain' && p.subtype !== 'html')) return;
    if (this.budget.remaining <= 0 || p.disposition?.value === 'attachment') return;
    const parent = o.parent;
    if (parent?.part.subtype === 'alternative') {
      if (p.subtype === 'html' && parent.hasPlain) return;
      if (p.subtype === 'plain') parent.hasPlain = true;
    }
    o.isPlain = p.subtype === 'plain';
    o.text = new TextCollector(
      p.encoding,
      paramValue(p.params, 'charset'),
      p.subtype === 'html',
      this.budget,
    );
  }

  /**
   * Closes an open part at `end` (before the boundary's line break, or the end of the
   * message) and returns where it ended. A part too short to reach `end` is empty: its
   * header and body shrink so that the line break before the boundary stays the boundary's
   * (RFC 2046 §5.1.1: "--b CRLF CRLF --b" holds one empty part).
   */
  private close(o: Open, end: number, atEof: boolean): number {
    const part = o.part;
    // An empty attached message ("Content-Type: message/rfc822" CRLF CRLF "--b") starts
    // where its part's header ends: the blank line was the boundary's line break. Other
    // parts never start before the boundary line that opened them.
    const inner = o.parent?.isMessage === true;
    const stop = Math.max(end, inner ? (o.parent as Open).part.headerStart : part.headerStart);
    if (inner && part.headerStart > stop) part.headerStart = stop;
    if (o.state === 'header') this.finishHeader(o, stop, false);
    if (part.bodyStart > stop) part.bodyStart = stop;
    part.bodyEnd = stop;
    // body-fld-lines: the line feeds inside the body, as Dovecot counts them.
    const lfs = this.lf - o.bodyStartLine - (atEof || !this.prevEolLen ? 0 : 1);
    part.lines = part.bodyEnd > part.bodyStart ? Math.max(0, lfs) : 0;
    if (o.text) {
      if (atEof && o.pendingEol) o.text.write(o.pendingEol);
      this.texts.push({ text: o.text.finish(), plain: o.isPlain });
      o.text = null;
    }
    return stop;
  }

  end(): MessageAnalysis {
    if (this.ended) throw new Error('MessageAnalyzer.end() called twice');
    const p = this.pending;
    this.pending = null;
    if (p?.length) {
      // The last line has no line break: it may still be a boundary line.
      const top = this.top();
      if (
        this.lineDone === 0 &&
        p[0] === 45 &&
        p[1] === 45 &&
        !this.frozen &&
        this.boundary(p, 0, p.length, p.length)
      ) {
        this.endLine(p.length, 0);
      } else if (top.state === 'header') {
        this.keepHeader(top, p);
        this.lineDone += p.length;
        this.pos += p.length;
      } else {
        this.fragment(p);
      }
    }
    this.ended = true;
    while (this.stack.length) this.close(this.stack.pop() as Open, this.pos, true);
    const root = this.root;
    const envelope = root.envelope ?? buildEnvelope([]);
    return {
      size: this.pos,
      structure: root.part,
      envelope,
      index: buildIndexFields(root.fields ?? [], envelope, this.texts, this.hasAttachment),
    };
  }
}

function onlyWhitespace(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** A new incremental analyzer. */
export function createAnalyzer(limits: Partial<AnalyzerLimits> = {}): MessageAnalyzer {
  return new Analyzer({ ...DEFAULT_LIMITS, ...limits });
}

/** Analyzes a whole message held in memory (tests, small messages). */
export function analyzeMessage(buf: Buffer, limits: Partial<AnalyzerLimits> = {}): MessageAnalysis {
  const a = createAnalyzer(limits);
  a.write(buf);
  return a.end();
}
