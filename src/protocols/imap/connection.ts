// One client socket as the IMAP session sees it: bytes into the Framer, responses out
// with back-pressure (streamed literals are written chunk by chunk and the writer waits
// for 'drain'), STARTTLS (RFC 9051 §6.2.1) and COMPRESS=DEFLATE (RFC 4978) transforms.
//
// Memory while idle: no buffers of our own; the framer drops its reference to the last
// received chunk once it is consumed (compact()), and writes are not accumulated.

import type { Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';
import { bindSocket, destroyAfterGrace, whenDrained } from '../../net/socket-events.js';
import type { TlsUpgrader } from '../../tls/server.js';
import type { ResponsePart } from './wire/encode.js';
import type { FramerEvent } from './wire/frame.js';
import { Framer } from './wire/framer.js';
import type { WireLimits } from './wire/limits.js';

/** See Connection.onLiteralStall. */
const LITERAL_STALL_MS = 2;

export type { TlsUpgrader };

/** Input buffered beyond this pauses the socket until the session catches up. */
const HIGH_WATER = 256 * 1024;
/** Small writes are joined up to this size before going to the socket. */
const JOIN_LIMIT = 16 * 1024;

export class ImapConnection {
  private socket: Socket;
  private framer: Framer;
  private waiter: (() => void) | null = null;
  private ended = false;
  private paused = false;
  private corked = false;
  private isSecure: boolean;
  private deflate: DeflateRaw | null = null;
  private inflate: InflateRaw | null = null;
  private unbind: () => void = () => {};
  /** Called when the socket has been silent for the timeout set with setIdleTimeout(). */
  timeoutHandler: (() => void) | null = null;

  constructor(
    socket: Socket,
    private readonly limits: Partial<WireLimits>,
    opts: { secure: boolean; remoteAddress: string },
  ) {
    this.socket = socket;
    this.isSecure = opts.secure;
    this.remoteAddress = opts.remoteAddress;
    this.framer = new Framer(limits);
    this.attach(socket);
  }

  readonly remoteAddress: string;

  get secure(): boolean {
    return this.isSecure;
  }
  get closed(): boolean {
    return this.ended;
  }
  get compressed(): boolean {
    return this.deflate !== null;
  }

  /**
   * Called when the rest of a command's line has not followed a literal within
   * LITERAL_STALL_MS. A client that writes the literal and the CRLF after it as two small
   * writes without TCP_NODELAY (Python's imaplib) holds the CRLF back (Nagle) until our ACK
   * of the literal, which Linux delays up to 40 ms: 45 ms per APPEND. Dovecot sets
   * TCP_QUICKACK; Node cannot, so the session answers this with an untagged OK, whose
   * segment carries the ACK at once.
   */
  onLiteralStall: (() => void) | null = null;

  /** The framer (accept()/reject() for literals). */
  get input(): Framer {
    return this.framer;
  }

  /** The next framer event; waits for bytes. null once the client is gone. */
  async next(): Promise<FramerEvent | null> {
    for (;;) {
      const ev = this.framer.next();
      if (ev) return ev;
      this.framer.compact();
      if (this.paused) {
        this.paused = false;
        this.socket.resume();
      }
      if (this.ended) return null;
      const stall =
        this.onLiteralStall && this.framer.afterLiteral
          ? setTimeout(this.onLiteralStall, LITERAL_STALL_MS)
          : null;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      if (stall) clearTimeout(stall);
    }
  }

  /** Idle timeout (0: none). Writes count as activity too (Node's rule). */
  setIdleTimeout(ms: number): void {
    this.socket.setTimeout(ms);
  }

  /** Writes a response, waiting while the socket is full. False when the client is gone.
   *  A stream part must yield exactly its announced length: if it yields less, the
   *  connection is closed (a short literal would hang the client). */
  async write(response: Buffer | readonly ResponsePart[]): Promise<boolean> {
    if (Buffer.isBuffer(response)) return this.writeChunk(response, true);
    // Buffer parts between two stream parts leave in one system call (writev), uncopied:
    // a batch of FETCH responses with their bodies inline is one write, not one per body.
    let run: Buffer[] = [];
    let runLen = 0;
    const flushRun = (end: boolean): Promise<boolean> | true => {
      if (run.length === 0) return true;
      const bufs = run;
      const len = runLen;
      run = [];
      runLen = 0;
      return this.writeMany(bufs, len, end);
    };
    for (const p of response) {
      if (Buffer.isBuffer(p)) {
        run.push(p);
        runLen += p.length;
        continue;
      }
      if (!(await flushRun(false))) return false;
      let sent = 0;
      try {
        for await (const chunk of p.source()) {
          // Only a source longer than announced is cut short: breaking out of a stream
          // that has just ended destroys it with an AbortError (a stack trace per body).
          if (sent >= p.length) break;
          let b = Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          if (sent + b.length > p.length) b = b.subarray(0, p.length - sent);
          if (b.length && !(await this.writeChunk(b, false))) return false;
          sent += b.length;
        }
      } catch (e) {
        // Half a literal is on the wire: the stream cannot be resynchronised.
        this.destroy();
        throw e;
      }
      if (sent < p.length) {
        this.destroy();
        return false;
      }
    }
    return flushRun(true);
  }

  /** Several buffers as one write: corked, so the socket hands them to one writev. */
  private writeMany(bufs: Buffer[], len: number, end: boolean): Promise<boolean> {
    if (bufs.length === 1 || this.deflate) {
      return this.writeChunk(bufs.length === 1 ? bufs[0]! : Buffer.concat(bufs, len), end);
    }
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    this.cork(len < JOIN_LIMIT);
    this.socket.cork();
    let ok = true;
    for (const b of bufs) ok = this.socket.write(b);
    this.socket.uncork();
    if (ok) return Promise.resolve(true);
    return whenDrained(this.socket, this.socket);
  }

  /**
   * Small writes made in one turn of the event loop leave in one system call: the socket
   * is corked at the first one and uncorked on the next turn. SELECT's ten responses
   * were ten writes (most of its time on a loaded machine); a large write goes out at once.
   */
  private cork(small: boolean): void {
    if (!small) {
      this.uncork();
      return;
    }
    if (this.corked || this.deflate) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(this.uncork);
  }

  private readonly uncork = (): void => {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  };

  private writeChunk(b: Buffer, end: boolean): Promise<boolean> {
    const out = this.deflate ?? this.socket;
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    this.cork(b.length < JOIN_LIMIT);
    const ok = out.write(b);
    // RFC 4978 §4: flush the compressor at the end of every response so the client sees it.
    if (this.deflate && end) this.deflate.flush(constants.Z_SYNC_FLUSH);
    if (ok) return Promise.resolve(true);
    return whenDrained(out, this.socket);
  }

  /**
   * RFC 9051 §6.2.1 / §11.1: after the OK to STARTTLS the next bytes are the handshake.
   * Returns false (and the caller closes) when the client had pipelined plaintext after
   * STARTTLS: that is an injection attempt (CVE-2011-0411 class).
   */
  async startTls(upgrade: TlsUpgrader): Promise<boolean> {
    this.uncork();
    const plain = this.socket;
    this.unbind();
    const injected = this.framer.takeBuffered();
    if (injected.length > 0) return false;
    this.framer = new Framer(this.limits);
    const secure = await upgrade(plain);
    this.socket = secure;
    this.isSecure = true;
    this.attach(secure);
    return true;
  }

  /** RFC 4978 §3: from now on both directions are raw DEFLATE. Bytes the client already
   *  sent after the command are compressed data and go through the inflater. */
  startCompression(): void {
    this.uncork();
    const deflate = createDeflateRaw({ level: 6, memLevel: 8, windowBits: 15 });
    const inflate = createInflateRaw({ windowBits: 15 });
    deflate.on('data', (d: Buffer) => {
      if (!this.socket.destroyed) this.socket.write(d);
    });
    deflate.on('error', () => this.destroy());
    inflate.on('data', (d: Buffer) => this.feedPlain(d));
    inflate.on('error', () => this.destroy());
    this.deflate = deflate;
    this.inflate = inflate;
    const rest = this.framer.takeBuffered();
    if (rest.length) inflate.write(rest);
  }

  /** Flushes what was written, then closes. */
  close(): void {
    this.uncork();
    this.finish();
    if (this.socket.destroyed) return;
    if (this.deflate) this.deflate.end(() => this.socket.end());
    else this.socket.end();
    destroyAfterGrace(this.socket);
  }

  destroy(): void {
    this.finish();
    this.socket.destroy();
  }

  private attach(s: Socket): void {
    this.unbind = bindSocket(s, {
      data: (chunk) => this.feed(chunk),
      end: () => this.finish(),
      error: () => this.finish(),
      timeout: () => this.timeoutHandler?.(),
    });
  }

  private feed(chunk: Buffer): void {
    if (this.inflate) {
      this.inflate.write(chunk);
      return;
    }
    this.feedPlain(chunk);
  }

  private feedPlain(chunk: Buffer): void {
    const waiting = this.framer.push(chunk);
    if (waiting > HIGH_WATER && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.inflate?.destroy();
    this.wake();
  }
}
