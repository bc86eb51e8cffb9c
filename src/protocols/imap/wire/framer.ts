// Streaming IMAP command framer: bytes of any split in, complete commands out.
// Pull-based and pure: push() appends bytes, next() returns one event at a time, so the
// session can change what it expects (IDLE's DONE, AUTHENTICATE lines) between events
// and pause the socket while it works. Never throws on input; errors are events.
//
// Literals (RFC 9051 §4.3, §7.5): a synchronising `{n}` yields a `continuation` event and
// nothing more until the session calls accept() (then sends `+ Ready`) or reject() (then
// sends a tagged NO [TOOBIG] / BAD); the client sends no bytes before `+`, so a rejected
// command simply ends. A non-synchronising `{n+}` (RFC 7888) that is refused is drained
// (up to maxDrainBytes) so the stream stays in sync; beyond that the error is fatal.

import type { Frame, FrameError, FrameErrorCode, FramePart, FramerEvent } from './frame.js';
import { defaultWireLimits, LITERAL_MINUS_MAX, type WireLimits } from './limits.js';
import { type LiteralMarker, literalMarkerAtEnd } from './literal-marker.js';

type State =
  | { s: 'line' }
  | { s: 'await'; marker: LiteralMarker; stream: boolean }
  | { s: 'literal'; data: Buffer; filled: number; binary: boolean }
  | { s: 'stream'; id: number; remaining: number }
  | { s: 'drain'; remaining: number }
  | { s: 'discard'; tail: Buffer }
  | { s: 'closed' };

const LF = 0x0a;
const CR = 0x0d;
const TAIL = 32;
const EMPTY = Buffer.alloc(0);
const STREAMED_COMMANDS = new Set(['APPEND', 'REPLACE', 'UID REPLACE']);

export class Framer {
  private readonly limits: WireLimits;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** End of valid data in buf (buf may have spare capacity when owned). */
  private end = 0;
  /** buf was allocated here (may be appended to) rather than received. */
  private owned = false;
  /** Bytes after pos already known to hold no LF (avoids rescanning partial lines). */
  private scanned = 0;
  private state: State = { s: 'line' };
  private parts: FramePart[] = [];
  private commandBytes = 0;
  private nextLiteralId = 1;
  private readonly pending: FramerEvent[] = [];

  constructor(limits: Partial<WireLimits> = {}) {
    this.limits = { ...defaultWireLimits, ...limits };
  }

  /** Adds received bytes. Returns the number of bytes waiting, for back-pressure.
   *  When nothing is pending the chunk is used as is (literal data is handed out without a
   *  copy); otherwise it is appended to a buffer that grows by doubling, so a line that
   *  trickles in byte by byte costs linear, not quadratic, copying. Bytes already handed
   *  out are never overwritten: appends only write past `end`. */
  push(chunk: Buffer): number {
    if (this.state.s === 'closed' || chunk.length === 0) return this.buffered;
    if (this.pos >= this.end) {
      this.buf = chunk;
      this.pos = 0;
      this.end = chunk.length;
      this.owned = false;
    } else if (this.owned && this.end + chunk.length <= this.buf.length) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
    } else {
      const pending = this.end - this.pos;
      const next = Buffer.allocUnsafe(Math.max(4096, 2 * (pending + chunk.length)));
      this.buf.copy(next, 0, this.pos, this.end);
      chunk.copy(next, pending);
      this.buf = next;
      this.pos = 0;
      this.end = pending + chunk.length;
      this.owned = true;
    }
    return this.buffered;
  }

  /** Bytes received but not yet consumed. */
  get buffered(): number {
    return this.end - this.pos;
  }

  /** Removes and returns the bytes received but not consumed, and starts a fresh command.
   *  After STARTTLS they must be thrown away (plaintext injected before the handshake,
   *  RFC 9051 §11.1; close the connection if any); after COMPRESS they are compressed
   *  data to inflate and push() back (RFC 4978 §3). */
  takeBuffered(): Buffer {
    const rest = Buffer.from(this.buf.subarray(this.pos, this.end));
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.end = 0;
    this.scanned = 0;
    this.resetCommand();
    if (this.state.s !== 'closed') this.state = { s: 'line' };
    return rest;
  }

  /** Drops the reference to consumed input, so an idle connection keeps no received
   *  buffer alive (a socket chunk can pin a 64 KiB slab). Safe at any time. */
  compact(): void {
    if (this.pos < this.end || this.end === 0) return;
    this.buf = EMPTY;
    this.pos = 0;
    this.end = 0;
    this.owned = false;
    this.scanned = 0;
  }

  /** True when a literal of the command being read has ended and the rest of its line
   *  has not come yet. */
  get afterLiteral(): boolean {
    const last = this.parts[this.parts.length - 1];
    return this.state.s === 'line' && last !== undefined && last.kind !== 'text';
  }

  /** True while a synchronising literal awaits accept() or reject(). */
  get awaitingDecision(): boolean {
    return this.state.s === 'await';
  }

  /** After a `continuation` event: read the literal (send `+ Ready` first). */
  accept(): void {
    const st = this.state;
    if (st.s !== 'await') return;
    this.startLiteral(st.marker, st.stream);
  }

  /** After a `continuation` event: drop the command; the client will not send the bytes.
   *  If it already did (some libraries do not wait for "+", CLIENT-QUIRKS §1), they are
   *  drained rather than parsed as commands, or a fatal error event follows. */
  reject(): void {
    const st = this.state;
    if (st.s !== 'await') return;
    const tag = this.firstTag();
    this.resetCommand();
    this.state = { s: 'line' };
    if (this.buffered > 0) {
      const ev = this.skipLiteral(st.marker.size, tag, 'literal-too-large', 'Literal sent without waiting');
      if (ev) this.pending.push(ev);
    }
  }

  /** Skips a refused literal the client is sending anyway (then the rest of its command).
   *  Returns a fatal error event when it is too large to skip. */
  private skipLiteral(
    size: number,
    tag: string | null,
    code: FrameErrorCode,
    message: string,
  ): FramerEvent | null {
    if (size > this.limits.maxDrainBytes) {
      this.state = { s: 'closed' };
      return this.fail(code, tag, message, true);
    }
    this.state = size > 0 ? { s: 'drain', remaining: size } : { s: 'discard', tail: Buffer.alloc(0) };
    return null;
  }

  /** Next event, or null when more bytes are needed (or a decision is awaited). */
  next(): FramerEvent | null {
    for (;;) {
      const queued = this.pending.shift();
      if (queued) return queued;
      const st = this.state;
      switch (st.s) {
        case 'closed':
        case 'await':
          return null;
        case 'line': {
          const ev = this.readLine();
          if (ev === 'more') return null;
          if (ev) return ev;
          break;
        }
        case 'literal': {
          const n = Math.min(this.buffered, st.data.length - st.filled);
          if (n === 0 && st.data.length > st.filled) return null;
          this.buf.copy(st.data, st.filled, this.pos, this.pos + n);
          this.pos += n;
          st.filled += n;
          if (st.filled === st.data.length) {
            this.parts.push({ kind: 'literal', data: st.data, binary: st.binary });
            this.state = { s: 'line' };
          }
          break;
        }
        case 'stream': {
          const n = Math.min(this.buffered, st.remaining);
          if (n === 0) return null;
          const chunk = this.buf.subarray(this.pos, this.pos + n);
          this.pos += n;
          st.remaining -= n;
          if (st.remaining === 0) {
            this.pending.push({ kind: 'literal-end', id: st.id });
            this.state = { s: 'line' };
          }
          return { kind: 'literal-data', id: st.id, chunk };
        }
        case 'drain': {
          const n = Math.min(this.buffered, st.remaining);
          if (n === 0) return null;
          this.pos += n;
          st.remaining -= n;
          if (st.remaining === 0) this.state = { s: 'discard', tail: Buffer.alloc(0) };
          break;
        }
        case 'discard':
          if (!this.discardLine(st)) return null;
          break;
      }
    }
  }

  private findLF(): number {
    const from = this.pos + this.scanned;
    const i = from < this.end ? this.buf.subarray(0, this.end).indexOf(LF, from) : -1;
    this.scanned = i < 0 ? this.end - this.pos : 0;
    return i;
  }

  /** Reads one line of the current command. Returns an event, null to continue, or 'more'. */
  private readLine(): FramerEvent | null | 'more' {
    const lf = this.findLF();
    const max = this.limits.maxLineLength;
    if (lf < 0) {
      if (this.buffered <= max + 1) return 'more';
      // No line end within the limit: drop the command and the rest of this line.
      const tag = this.currentTag(this.buf.subarray(this.pos, this.pos + 200));
      const tail = this.buf.subarray(Math.max(this.pos, this.end - TAIL), this.end);
      this.pos = this.end;
      this.scanned = 0;
      this.state = { s: 'discard', tail: Buffer.from(tail) };
      return this.fail('line-too-long', tag, `Line longer than ${max} bytes`);
    }
    let end = lf;
    if (end > this.pos && this.buf[end - 1] === CR) end--;
    const line = this.buf.subarray(this.pos, end);
    this.pos = lf + 1;
    // Empty lines between commands are skipped (seen from Apple Mail after IDLE).
    if (line.length === 0 && this.parts.length === 0) return null;
    const tag = this.currentTag(line);
    if (line.length > max) {
      return this.endDiscarded(line, 'line-too-long', tag, `Line longer than ${max} bytes`);
    }
    this.commandBytes += line.length;
    if (this.commandBytes > this.limits.maxCommandBytes) {
      return this.endDiscarded(line, 'command-too-large', tag, 'Command too large');
    }
    const marker = literalMarkerAtEnd(line, true);
    if (!marker) {
      this.parts.push({ kind: 'text', data: line });
      const frame: Frame = { tag, parts: this.parts };
      this.resetCommand();
      return { kind: 'command', frame };
    }
    this.parts.push({ kind: 'text', data: line.subarray(0, marker.start) });
    return this.announce(marker, tag);
  }

  /** Decides about an announced literal: error, continuation request, or reading it. */
  private announce(m: LiteralMarker, tag: string | null): FramerEvent | null {
    const command = this.commandName();
    const isAppend = STREAMED_COMMANDS.has(command);
    const limit = isAppend ? this.limits.maxAppendSize : this.limits.maxLiteralSize;
    const stream = isAppend && m.size > 0 && m.size >= this.limits.appendStreamThreshold;
    let code: FrameErrorCode | null = null;
    let message = '';
    if (m.nonSync && this.limits.literalMinus && m.size > LITERAL_MINUS_MAX) {
      code = 'literal-minus';
      message = `Non-synchronizing literal over ${LITERAL_MINUS_MAX} bytes (LITERAL-)`;
    } else if (m.size > limit) {
      code = 'literal-too-large';
      message = `Literal of ${m.size} bytes exceeds the limit of ${limit}`;
    } else if (!stream && this.commandBytes + m.size > this.limits.maxCommandBytes) {
      code = 'command-too-large';
      message = 'Command too large';
    }
    if (code) {
      this.resetCommand();
      // A synchronising literal is not sent until "+", unless the client did not wait.
      if (!m.nonSync && this.buffered === 0) {
        this.state = { s: 'line' };
        return this.fail(code, tag, message);
      }
      return this.skipLiteral(m.size, tag, code, message) ?? this.fail(code, tag, message);
    }
    if (!m.nonSync) {
      this.state = { s: 'await', marker: m, stream };
      const sofar: Frame = { tag, parts: [...this.parts] };
      return { kind: 'continuation', tag, command, size: m.size, binary: m.binary, sofar };
    }
    this.startLiteral(m, stream);
    return null;
  }

  private startLiteral(m: LiteralMarker, stream: boolean): void {
    if (stream) {
      const id = this.nextLiteralId++;
      this.parts.push({ kind: 'streamed', id, size: m.size, binary: m.binary });
      this.state = { s: 'stream', id, remaining: m.size };
      const tag = this.firstTag();
      this.pending.push({
        kind: 'literal-start',
        id,
        tag,
        command: this.commandName(),
        size: m.size,
        binary: m.binary,
      });
      return;
    }
    this.commandBytes += m.size;
    this.state = { s: 'literal', data: Buffer.allocUnsafe(m.size), filled: 0, binary: m.binary };
  }

  /** A complete line of a command being dropped: continue dropping if a literal follows. */
  private endDiscarded(line: Buffer, code: FrameErrorCode, tag: string | null, msg: string): FramerEvent {
    this.resetCommand();
    this.state = { s: 'line' };
    const err = this.fail(code, tag, msg);
    this.afterDiscardedLine(line);
    return err;
  }

  /** Drops bytes up to the end of a line of a discarded command. Returns false for 'more'. */
  private discardLine(st: { s: 'discard'; tail: Buffer }): boolean {
    const lf = this.findLF();
    if (lf < 0) {
      const all = Buffer.concat([st.tail, this.buf.subarray(this.pos, this.end)]);
      st.tail = Buffer.from(all.subarray(Math.max(0, all.length - TAIL)));
      this.pos = this.end;
      this.scanned = 0;
      return false;
    }
    let end = lf;
    if (end > this.pos && this.buf[end - 1] === CR) end--;
    const line = Buffer.concat([st.tail, this.buf.subarray(this.pos, end)]);
    this.pos = lf + 1;
    this.state = { s: 'line' };
    this.afterDiscardedLine(line);
    return true;
  }

  /** A dropped line ending in `{n+}` is followed by n bytes we must skip too. */
  private afterDiscardedLine(line: Buffer): void {
    const m = literalMarkerAtEnd(line.subarray(Math.max(0, line.length - TAIL)), false);
    if (!m?.nonSync) return;
    if (m.size > this.limits.maxDrainBytes) {
      this.state = { s: 'closed' };
      this.pending.push({
        kind: 'error',
        error: { code: 'literal-too-large', tag: null, message: 'Literal too large to skip', fatal: true },
      });
    } else if (m.size > 0) {
      this.state = { s: 'drain', remaining: m.size };
    } else {
      this.state = { s: 'discard', tail: Buffer.alloc(0) };
    }
  }

  private fail(code: FrameErrorCode, tag: string | null, message: string, fatal = false): FramerEvent {
    const error: FrameError = { code, tag, message, fatal };
    if (code === 'literal-too-large' || code === 'literal-minus') error.responseCode = 'TOOBIG';
    else if (code === 'command-too-large' || code === 'line-too-long') error.responseCode = 'LIMIT';
    this.resetCommand();
    return { kind: 'error', error };
  }

  private resetCommand(): void {
    this.parts = [];
    this.commandBytes = 0;
  }

  private firstTag(): string | null {
    const first = this.parts[0];
    return first?.kind === 'text' ? readTag(first.data) : null;
  }

  private currentTag(line: Buffer): string | null {
    return this.parts.length > 0 ? this.firstTag() : readTag(line);
  }

  /** Upper-cased command name of the current command, with `UID ` kept for UID forms. */
  private commandName(): string {
    const first = this.parts[0];
    if (first?.kind !== 'text') return '';
    const words = first.data.toString('latin1', 0, 80).split(' ');
    const name = (words[1] ?? '').toUpperCase();
    return name === 'UID' ? `UID ${(words[2] ?? '').toUpperCase()}` : name;
  }
}

/** RFC 9051 `tag = 1*<any ASTRING-CHAR except "+">`. Null when absent or invalid. */
export function readTag(line: Buffer): string | null {
  let i = 0;
  while (i < line.length && line[i] !== 0x20) {
    if (!isTagChar(line[i]!)) return null;
    i++;
  }
  return i === 0 ? null : line.toString('latin1', 0, i);
}

function isTagChar(c: number): boolean {
  if (c <= 0x20 || c >= 0x7f) return false;
  // atom-specials ( ) { % * " \ and "+"; "]" is allowed (ASTRING-CHAR)
  return (
    c !== 0x28 &&
    c !== 0x29 &&
    c !== 0x7b &&
    c !== 0x25 &&
    c !== 0x2a &&
    c !== 0x22 &&
    c !== 0x5c &&
    c !== 0x2b
  );
}
