// A byte-exact IMAP test client: sends a command and returns the raw bytes of every
// response up to its tagged reply, with the literals of FETCH responses extracted.
import { connect, type Socket } from 'node:net';
import { ImapFlow } from 'imapflow';

const STALL_MS = 60_000;

export class BytesImap {
  private chunks: Buffer[] = [];
  private size = 0;
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.size += d.length;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  static async open(port: number, user = 'alice@example.test'): Promise<BytesImap> {
    const s = connect({ port, host: '127.0.0.1' });
    await new Promise<void>((res, rej) => {
      s.once('connect', () => res());
      s.once('error', rej);
    });
    const c = new BytesImap(s);
    await c.until(/^\* OK/m);
    c.take();
    const r = await c.command('L', `LOGIN ${user} Secret-1`);
    if (!/^L OK/m.test(r.toString('latin1'))) throw new Error(r.toString());
    return c;
  }

  /** Everything received so far (and forget it). */
  private take(): Buffer {
    const b = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return b;
  }

  /** The last bytes received (tagged replies are matched there: linear time). */
  private tail(n = 4096): string {
    const parts: Buffer[] = [];
    let len = 0;
    for (let i = this.chunks.length - 1; i >= 0 && len < n; i--) {
      parts.unshift(this.chunks[i]!);
      len += this.chunks[i]!.length;
    }
    const b = Buffer.concat(parts);
    return b.subarray(Math.max(0, b.length - n)).toString('latin1');
  }

  /** Waits until `re` matches; after `STALL_MS` fails with what arrived, so a server that
   * stops answering shows its last bytes instead of hanging the suite. */
  private async until(re: RegExp, tailOnly = false): Promise<void> {
    const deadline = Date.now() + STALL_MS;
    while (!re.test(tailOnly ? this.tail() : Buffer.concat(this.chunks).toString('latin1'))) {
      const left = deadline - Date.now();
      const woke = await new Promise<boolean>((r) => {
        const timer = setTimeout(() => r(false), Math.max(0, left));
        this.wake = () => {
          clearTimeout(timer);
          r(true);
        };
      });
      if (!woke) {
        const got = Buffer.concat(this.chunks).toString('latin1').slice(-2000);
        throw new Error(`no ${re} within ${STALL_MS / 1000} s; received: ${JSON.stringify(got)}`);
      }
    }
  }

  /** Sends `tag text` and returns everything up to and including the tagged reply line. */
  async command(tag: string, text: string | Buffer): Promise<Buffer> {
    this.take();
    this.socket.write(
      typeof text === 'string' ? `${tag} ${text}\r\n` : Buffer.concat([Buffer.from(`${tag} `), text]),
    );
    const re = new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`);
    await this.until(re, true);
    return this.take();
  }

  /** Sends raw bytes (continuation-driven APPEND tests). */
  write(b: string | Buffer): void {
    this.socket.write(b);
  }

  /** Waits for a line matching `re` in what arrived since the last command. */
  async waitFor(re: RegExp): Promise<string> {
    await this.until(re);
    return Buffer.concat(this.chunks).toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The literal that follows `name ` (e.g. "BODY[1.MIME]") in `data`; null if absent. */
export function literalAfter(data: Buffer, name: string): Buffer | null {
  const s = data.toString('latin1');
  const i = s.indexOf(`${name} `);
  if (i < 0) return null;
  const m = /^~?\{(\d+)\}\r\n/.exec(s.slice(i + name.length + 1));
  if (!m) return null;
  const start = i + name.length + 1 + m[0].length;
  return data.subarray(start, start + Number(m[1]));
}

/** An imapflow client for the test server (plain port, STARTTLS with the test certificate). */
export function flowClient(srv: { port: number; user: string; password: string }): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: srv.port,
    secure: false,
    auth: { user: srv.user, pass: srv.password },
    logger: false,
    tls: { rejectUnauthorized: false },
  });
}
