// A minimal POP3 client over a real socket for wire-level tests: send exact bytes,
// read single-line and multi-line replies. No sleeps: every read waits for data.
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export class RawPop3 {
  /** Received bytes not yet consumed: store[head, tail) (grown by doubling, not per chunk). */
  private store = Buffer.alloc(65536);
  private head = 0;
  private tail = 0;
  /** How far a multi-line search has looked, so large bodies are scanned once. */
  private scanned = 0;
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private socket: Socket) {
    this.attach(socket);
  }

  static async connect(port: number, host = '127.0.0.1', tls = false): Promise<RawPop3> {
    const socket = tls ? tlsConnect({ port, host, rejectUnauthorized: false }) : connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawPop3(socket);
  }

  private attach(s: Socket) {
    s.on('data', (d: Buffer) => {
      this.append(d);
      this.wake();
    });
    s.on('close', () => {
      this.closed = true;
      this.wake();
    });
    s.on('error', () => {});
  }

  private get buf(): Buffer {
    return this.store.subarray(this.head, this.tail);
  }

  private append(d: Buffer) {
    if (this.tail + d.length > this.store.length) {
      const live = this.tail - this.head;
      let size = this.store.length;
      while (size < live + d.length) size *= 2;
      const next = size === this.store.length ? this.store : Buffer.alloc(size);
      this.store.copy(next, 0, this.head, this.tail);
      this.store = next;
      this.head = 0;
      this.tail = live;
    }
    d.copy(this.store, this.tail);
    this.tail += d.length;
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async waitFor(pred: () => number): Promise<Buffer> {
    for (;;) {
      const n = pred();
      if (n >= 0) {
        const out = Buffer.from(this.buf.subarray(0, n));
        this.head += n;
        this.scanned = 0;
        return out;
      }
      if (this.closed) throw new Error(`connection closed; pending: ${JSON.stringify(this.buf.toString())}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Reads one line (without CRLF). */
  async line(): Promise<string> {
    const l = await this.waitFor(() => {
      const i = this.buf.indexOf('\r\n');
      return i < 0 ? -1 : i + 2;
    });
    return l.subarray(0, l.length - 2).toString('latin1');
  }

  /** Sends a command and reads its status line. */
  async cmd(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.line();
  }

  /** Reads a multi-line body up to and including ".CRLF"; returns the raw bytes before it. */
  async multiline(): Promise<Buffer> {
    const raw = await this.waitFor(() => {
      const b = this.buf;
      if (b.subarray(0, 3).toString() === '.\r\n') return 3;
      const i = b.indexOf('\r\n.\r\n', Math.max(0, this.scanned - 4));
      this.scanned = b.length;
      return i < 0 ? -1 : i + 5;
    });
    return raw.subarray(0, raw.length - 3);
  }

  /** Multi-line body as un-stuffed lines. */
  async lines(): Promise<string[]> {
    const raw = (await this.multiline()).toString('latin1');
    if (raw === '') return [];
    return raw
      .slice(0, -2)
      .split('\r\n')
      .map((l) => (l.startsWith('.') ? l.slice(1) : l));
  }

  async waitClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
  }

  async starttls(): Promise<void> {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    const secure = tlsConnect({ socket: this.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
  }

  /** Stops reading from the socket (the server then sees backpressure). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.socket.destroy();
  }

  end(): void {
    this.socket.end();
  }
}
