// A byte-exact IMAP test client: sends a command and returns the raw bytes of every
// response up to its tagged reply, with the literals of FETCH responses extracted.
import { connect, type Socket } from 'node:net';

export class BytesImap {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
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
    c.buf = Buffer.alloc(0);
    const r = await c.command('L', `LOGIN ${user} Secret-1`);
    if (!/^L OK/m.test(r.toString('latin1'))) throw new Error(r.toString());
    return c;
  }

  private async until(re: RegExp): Promise<void> {
    while (!re.test(this.buf.toString('latin1'))) {
      await new Promise<void>((r) => {
        this.wake = r;
      });
    }
  }

  /** Sends `tag text` and returns everything up to and including the tagged reply line. */
  async command(tag: string, text: string | Buffer): Promise<Buffer> {
    this.buf = Buffer.alloc(0);
    this.socket.write(
      typeof text === 'string' ? `${tag} ${text}\r\n` : Buffer.concat([Buffer.from(`${tag} `), text]),
    );
    const re = new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`);
    await this.until(re);
    const out = this.buf;
    this.buf = Buffer.alloc(0);
    return out;
  }

  /** Sends raw bytes (continuation-driven APPEND tests). */
  write(b: string | Buffer): void {
    this.socket.write(b);
  }

  /** Waits for a line matching `re` in what arrived since the last command. */
  async waitFor(re: RegExp): Promise<string> {
    await this.until(re);
    return this.buf.toString('latin1');
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
