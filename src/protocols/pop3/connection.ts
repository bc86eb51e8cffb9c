// One client socket as the session sees it: framed input lines in order, writes that
// honour backpressure, the STLS upgrade, and the idle timer. All socket events are
// handled here so the session holds no socket listeners of its own.

import type { Socket } from 'node:net';
import { bindSocket, destroyAfterGrace, whenDrained } from '../../net/socket-events.js';
import type { TlsUpgrader } from '../../tls/server.js';
import type { Pop3WireLimits } from './wire/limits.js';
import { type FramerEvent, LineFramer } from './wire/line-framer.js';

export type ConnectionEvent = FramerEvent | { kind: 'timeout' };

/** Upgrades a plain socket to TLS as the server side (RFC 2595 §4). */
export type { TlsUpgrader };

export class Pop3Connection {
  private socket: Socket;
  private framer: LineFramer;
  private readonly queue: ConnectionEvent[] = [];
  private waiter: ((e: ConnectionEvent | null) => void) | null = null;
  private ended = false;
  private paused = false;
  private isSecure: boolean;
  private unbind: () => void = () => {};

  private readonly idleMs: number;
  /** Client address as the listener saw it (IPv4-mapped prefix removed). */
  readonly remoteAddress: string;

  constructor(
    socket: Socket,
    private readonly limits: Pop3WireLimits,
    opts: { secure: boolean; remoteAddress: string; idleMs: number },
  ) {
    this.socket = socket;
    this.isSecure = opts.secure;
    this.remoteAddress = opts.remoteAddress;
    this.idleMs = opts.idleMs;
    this.framer = new LineFramer(limits.maxLineLength);
    this.attach(socket);
  }

  get secure(): boolean {
    return this.isSecure;
  }

  /** Bytes written but not yet handed to the kernel (backpressure shows here). */
  get queuedOutput(): number {
    return this.socket.writableLength;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** The next input event; null once the client is gone. */
  next(): Promise<ConnectionEvent | null> {
    const e = this.queue.shift();
    if (e) {
      if (this.paused && this.queue.length < this.limits.maxQueuedLines / 2) {
        this.paused = false;
        this.socket.resume();
      }
      return Promise.resolve(e);
    }
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /**
   * Writes and, when the socket buffer is full, waits until it drains (or the client
   * goes away), so a RETR never holds more than one buffer's worth in memory.
   * Returns false when the client is gone.
   */
  async write(data: string | Uint8Array): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return false;
    if (this.socket.write(data)) return true;
    return whenDrained(this.socket, this.socket);
  }

  /** Writes several pieces as one (a single writev, no copying), with write()'s backpressure. */
  async writeAll(parts: readonly (string | Uint8Array)[]): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return false;
    this.socket.cork();
    let ok = true;
    for (const p of parts) if (p.length > 0) ok = this.socket.write(p);
    this.socket.uncork();
    return ok || whenDrained(this.socket, this.socket);
  }

  /**
   * RFC 2595 §4 STLS: after "+OK" the next bytes are the TLS handshake. Anything the
   * client pipelined after STLS is discarded, so no plaintext command can be injected
   * into the TLS session (the CVE-2011-0411 class of bugs).
   */
  async startTls(upgrade: TlsUpgrader): Promise<void> {
    this.unbind();
    this.queue.length = 0;
    this.framer = new LineFramer(this.limits.maxLineLength);
    const secure = await upgrade(this.socket);
    this.socket = secure;
    this.isSecure = true;
    this.attach(secure);
  }

  /** Flushes what was written, then closes. */
  close(): void {
    this.finish();
    if (!this.socket.destroyed) {
      this.socket.end();
      destroyAfterGrace(this.socket);
    }
  }

  /** Ends the session from outside (server shutdown): queued commands are forgotten,
   * `last` is flushed, then the socket closes. */
  shutdown(last: string): void {
    this.queue.length = 0;
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(last);
    this.close();
  }

  /** Drops the connection at once (timeouts, abuse); queued commands are forgotten. */
  destroy(): void {
    this.queue.length = 0;
    this.finish();
    this.socket.destroy();
  }

  private attach(s: Socket): void {
    this.unbind = bindSocket(s, {
      data: (chunk) => this.feed(chunk),
      end: () => this.finish(),
      error: () => this.finish(),
      timeout: () => this.push({ kind: 'timeout' }),
    });
    s.setTimeout(this.idleMs);
    if (this.paused) s.pause();
  }

  private feed(chunk: Buffer): void {
    for (const e of this.framer.push(chunk)) this.push(e);
    if (!this.paused && this.queue.length >= this.limits.maxQueuedLines) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private push(e: ConnectionEvent): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(e);
    } else this.queue.push(e);
  }

  /** Input is over. Lines already received are still handed out (a pipelined
   * "DELE 1 / QUIT" followed by a close is a clean QUIT); then next() gives null. */
  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    const w = this.waiter;
    this.waiter = null;
    w?.(null);
  }
}
