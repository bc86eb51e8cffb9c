// A minimal line-level IMAP client for tests that need exact bytes (bad input, IDLE,
// literals): send lines, wait for a line matching a pattern. Never sleeps.
import { connect, type Socket } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';

export class RawImap {
  private buf = '';
  private waiters: Array<{ re: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }> = [];
  readonly lines: string[] = [];
  private closed = false;
  private closeWaiters: Array<() => void> = [];
  /** waitFor() looks at lines after the last one it matched (lines may arrive early). */
  private cursor = 0;

  private constructor(public socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  private attach(s: Socket | TLSSocket): void {
    s.setEncoding('latin1');
    s.on('data', (d: string) => this.onData(d));
    s.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error(`closed; lines:\n${this.lines.join('\n')}`));
      for (const c of this.closeWaiters.splice(0)) c();
    });
    s.on('error', () => {});
  }

  static async open(port: number, tls = false): Promise<RawImap> {
    const s = tls
      ? tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      s.once(tls ? 'secureConnect' : 'connect', () => resolve());
      s.once('error', reject);
    });
    const c = new RawImap(s);
    await c.waitFor(/^\* OK/);
    return c;
  }

  /** Upgrades after STARTTLS's OK. */
  async startTls(): Promise<void> {
    const plain = this.socket as Socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const s = tlsConnect({ socket: plain, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      s.once('secureConnect', () => resolve());
      s.once('error', reject);
    });
    this.socket = s;
    this.attach(s);
  }

  private onData(d: string): void {
    this.buf += d;
    let i = this.buf.indexOf('\r\n');
    while (i >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      this.lines.push(line);
      for (let k = 0; k < this.waiters.length; k++) {
        const w = this.waiters[k]!;
        if (w.re.test(line)) {
          this.waiters.splice(k, 1);
          this.cursor = this.lines.length;
          w.resolve(line);
          break;
        }
      }
      i = this.buf.indexOf('\r\n');
    }
  }

  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Resolves with the first matching line after `since` (by default, after the line the
   *  previous waitFor matched), waiting for it if needed. */
  waitFor(re: RegExp, since = this.cursor): Promise<string> {
    for (let k = since; k < this.lines.length; k++)
      if (re.test(this.lines[k]!)) {
        this.cursor = k + 1;
        return Promise.resolve(this.lines[k]!);
      }
    if (this.closed) return Promise.reject(new Error(`closed; lines:\n${this.lines.join('\n')}`));
    return new Promise((resolve, reject) => this.waiters.push({ re, resolve, reject }));
  }

  /** Sends a tagged command and resolves with every line up to and including its tagged reply. */
  async command(tag: string, text: string): Promise<string[]> {
    const start = this.lines.length;
    this.send(`${tag} ${text}\r\n`);
    await this.waitFor(new RegExp(`^${tag} (OK|NO|BAD)`), start);
    return this.lines.slice(start);
  }

  /** A plain connection to `port`, logged in as the test user. */
  static async loggedIn(port: number): Promise<RawImap> {
    const c = await RawImap.open(port);
    await c.login();
    return c;
  }

  /** Logged in as the test user with `box` selected (throws unless SELECT is OK). */
  static async selected(port: number, box = 'INBOX'): Promise<RawImap> {
    const c = await RawImap.loggedIn(port);
    const r = await c.command('s', `SELECT ${box}`);
    if (!/^s OK/.test(r[r.length - 1]!)) throw new Error(`select failed: ${r.join('\n')}`);
    return c;
  }

  /** Starts IDLE (tag `i`) and waits for the continuation. */
  async idle(): Promise<void> {
    this.send('i IDLE\r\n');
    await this.waitFor(/^\+/);
  }

  /** Ends IDLE with DONE; throws unless the tagged reply is OK. */
  async done(): Promise<void> {
    this.send('DONE\r\n');
    const r = await this.waitFor(/^i (OK|NO|BAD)/);
    if (!/^i OK/.test(r)) throw new Error(`IDLE ended with: ${r}`);
  }

  async login(user = 'alice@example.test', password = 'Secret-1'): Promise<void> {
    const r = await this.command('L1', `LOGIN ${user} ${password}`);
    if (!/^L1 OK/.test(r[r.length - 1]!)) throw new Error(`login failed: ${r.join('\n')}`);
  }

  whenClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((r) => this.closeWaiters.push(r));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
