// A deliberately small IMAP client for benchmarks: raw socket, one command at
// a time, responses framed by ResponseReader. It does no parsing beyond what
// a measurement needs, so the time it adds per response is tiny and the same
// for every server measured.
import { connect, type Socket } from 'node:net';
import { Fifo } from './fifo.js';
import { type ImapResponse, ResponseReader } from './imap-reader.js';
import type { Endpoint, Target } from './target.js';

export interface CommandResult {
  /** OK, NO or BAD. */
  readonly status: string;
  /** The tagged line after the status word. */
  readonly text: string;
  readonly untaggedCount: number;
  readonly literalBytes: number;
}

export class ImapCommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    super(`${command.split(' ')[0]} failed: ${result.status} ${result.text}`);
  }
}

/** IMAP quoted string (RFC 9051 §4.3); for ASCII arguments without CR/LF. */
export function quote(s: string): string {
  if (/[\r\n\0]/.test(s)) throw new Error('quoted strings cannot hold CR, LF or NUL');
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

type Waiter = { resolve: (r: ImapResponse) => void; reject: (e: Error) => void };

export interface ClientOptions {
  readonly keepLiterals?: boolean;
  readonly connectTimeoutMs?: number;
}

export class BenchImapClient {
  private readonly reader: ResponseReader;
  private readonly queue = new Fifo<ImapResponse>();
  private waiter: Waiter | undefined;
  private failure: Error | undefined;
  private tagSeq = 0;
  private capabilities = new Set<string>();
  /** While in IDLE: untagged responses go here as they arrive (no queueing delay). */
  private listener: ((r: ImapResponse) => void) | undefined;

  private constructor(
    private readonly socket: Socket,
    opts: ClientOptions,
  ) {
    this.reader = new ResponseReader({ keepLiterals: opts.keepLiterals ?? false });
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (e) {
        this.fail(e as Error);
        socket.destroy();
        return;
      }
      for (let r = this.reader.next(); r; r = this.reader.next()) this.deliver(r);
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed by server')));
  }

  /** Connects and reads the greeting. */
  static open(server: Endpoint, opts: ClientOptions = {}): Promise<BenchImapClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: server.host, port: server.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${server.host}:${server.port} timed out`));
      }, opts.connectTimeoutMs ?? 10_000);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        const client = new BenchImapClient(socket, opts);
        client
          .read()
          .then((greeting) => {
            if (!/^\* (OK|PREAUTH)/i.test(greeting.text)) throw new Error(`bad greeting: ${greeting.text}`);
            resolve(client);
          })
          .catch(reject);
      });
    });
  }

  /** Connects, logs in and learns the capabilities. */
  static async login(t: Target, opts: ClientOptions = {}): Promise<BenchImapClient> {
    const c = await BenchImapClient.open(t, opts);
    try {
      await c.command(`LOGIN ${quote(t.user)} ${quote(t.pass)}`);
      await c.command('CAPABILITY', (r) => {
        if (/^\* CAPABILITY /i.test(r.text))
          c.capabilities = new Set(r.text.slice(13).toUpperCase().split(' '));
      });
    } catch (e) {
      c.close();
      throw e;
    }
    return c;
  }

  hasCapability(name: string): boolean {
    return this.capabilities.has(name.toUpperCase());
  }

  /**
   * Sends one command and waits for its tagged reply; untagged responses go to
   * onUntagged. Throws ImapCommandError unless the reply is OK.
   */
  async command(text: string, onUntagged?: (r: ImapResponse) => void): Promise<CommandResult> {
    const tag = this.nextTag();
    this.socket.write(`${tag} ${text}\r\n`);
    return this.finish(tag, text, onUntagged);
  }

  /** APPEND with a literal: LITERAL+ when offered (RFC 7888), else waits for the "+" continuation. */
  async append(mailbox: string, message: Buffer, flags = '', onUntagged?: (r: ImapResponse) => void) {
    const tag = this.nextTag();
    const flagList = flags ? ` (${flags})` : '';
    const nonSync = this.hasCapability('LITERAL+');
    const head = `${tag} APPEND ${quote(mailbox)}${flagList} {${message.length}${nonSync ? '+' : ''}}\r\n`;
    if (nonSync) {
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), message, Buffer.from('\r\n')]));
    } else {
      this.socket.write(head);
      for (;;) {
        const r = await this.read();
        if (r.text.startsWith('+')) break;
        if (r.text.startsWith(`${tag} `)) throw new ImapCommandError('APPEND', tagged(r, tag, 0, 0));
        onUntagged?.(r);
      }
      this.socket.write(Buffer.concat([message, Buffer.from('\r\n')]));
    }
    return this.finish(tag, 'APPEND', onUntagged);
  }

  /**
   * Enters IDLE (RFC 2177): resolves once the server's "+" arrived; from then on every
   * untagged response is handed to `onUntagged` from the socket's data handler, so a
   * timestamp taken there is the arrival time. `done()` sends DONE and awaits the tag.
   */
  async idle(onUntagged: (r: ImapResponse) => void): Promise<{ done(): Promise<CommandResult> }> {
    const tag = this.nextTag();
    this.socket.write(`${tag} IDLE\r\n`);
    for (;;) {
      const r = await this.read();
      if (r.text.startsWith('+')) break;
      if (r.text.startsWith(`${tag} `)) throw new ImapCommandError('IDLE', tagged(r, tag, 0, 0));
      onUntagged(r);
    }
    this.listener = onUntagged;
    return {
      done: () => {
        this.listener = undefined;
        this.socket.write('DONE\r\n');
        return this.finish(tag, 'IDLE');
      },
    };
  }

  async logout(): Promise<void> {
    try {
      await this.command('LOGOUT');
    } catch {
      // the server may close before or after the tagged OK; either is fine
    }
    this.close();
  }

  close(): void {
    this.socket.destroy();
  }

  private nextTag(): string {
    this.tagSeq++;
    return `b${this.tagSeq}`;
  }

  private async finish(tag: string, text: string, onUntagged?: (r: ImapResponse) => void) {
    let count = 0;
    let bytes = 0;
    for (;;) {
      // drain what is already framed synchronously: one await per socket read, not per response
      const r = this.queue.take() ?? (await this.read());
      bytes += r.literalBytes;
      if (r.text.startsWith(`${tag} `)) {
        const result = tagged(r, tag, count, bytes);
        if (result.status !== 'OK') throw new ImapCommandError(text, result);
        return result;
      }
      count++;
      onUntagged?.(r);
    }
  }

  private read(): Promise<ImapResponse> {
    const r = this.queue.take();
    if (r) return Promise.resolve(r);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private deliver(r: ImapResponse): void {
    if (this.listener && r.text.startsWith('* ')) {
      this.listener(r);
      return;
    }
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.resolve(r);
    } else {
      this.queue.push(r);
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(e);
  }
}

function tagged(r: ImapResponse, tag: string, untaggedCount: number, literalBytes: number): CommandResult {
  const rest = r.text.slice(tag.length + 1);
  const sp = rest.indexOf(' ');
  const status = (sp < 0 ? rest : rest.slice(0, sp)).toUpperCase();
  return { status, text: sp < 0 ? '' : rest.slice(sp + 1), untaggedCount, literalBytes };
}
