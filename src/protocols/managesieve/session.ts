// One ManageSieve connection (RFC 5804).
//
// Invariants:
// - Commands run one at a time, in order; the next is parsed only after the reply to
//   the previous one is written (so STARTTLS never sees buffered plaintext: any bytes
//   after STARTTLS are an error and dropped).
// - Script commands are refused before AUTHENTICATE; AUTHENTICATE is refused after it.
// - Domain errors from the core become NO with a response code (errors table below);
//   anything else is logged and answered NO without detail, and the session goes on.
// - The buffer never grows past the wire limits (line and literal sizes).
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Authenticator } from '../../auth/authenticator.js';
import { isMailError, type MailErrorCode } from '../../core/errors.js';
import type { SieveService } from '../../core/sieve.js';
import { CAPABILITIES } from '../../sieve/index.js';
import { COMMANDS } from './commands/index.js';
import type { SieveState } from './commands/types.js';
import { DEFAULT_WIRE_LIMITS, parseCommand, type WireLimits } from './wire/parse.js';
import { quoted, status } from './wire/response.js';

export interface SessionLog {
  warn(obj: object, msg: string): void;
}

export interface SessionOptions {
  sieve: SieveService;
  auth: Authenticator;
  hostname: string;
  remoteAddress: string;
  secure: boolean;
  upgrade: ((s: Socket) => Promise<TLSSocket>) | null;
  log: SessionLog;
  limits?: WireLimits;
  idleMs: number;
}

/** RFC 5804 §1.3 response codes for the core's errors. */
const CODES: Partial<Record<MailErrorCode, string>> = {
  NotFound: 'NONEXISTENT',
  AlreadyExists: 'ALREADYEXISTS',
  InUse: 'ACTIVE',
  OverQuota: 'QUOTA',
  Unavailable: 'TRYLATER',
};

class Handled {}

export interface SessionContext {
  readonly secure: boolean;
  readonly canStartTls: boolean;
  readonly sieve: SieveService;
  readonly userId: number;
  write(s: string): void;
  end(): void;
  capabilities(): string;
  startTls(): Promise<void>;
  readClientString(): Promise<string | null>;
  login(
    username: string,
    password: string,
    authzid: string | null,
  ): Promise<'ok' | 'failed' | 'tls-required'>;
  logout(): void;
  /** Runs a core call; a domain error is answered NO (code) and ends the command. */
  run<T>(fn: () => Promise<T> | T): Promise<T>;
}

export class ManageSieveSession implements SessionContext {
  private buf: Buffer = Buffer.alloc(0);
  private state: SieveState = 'nonauth';
  private user: number | null = null;
  private waiting: (() => void) | null = null;
  private closed = false;
  secure: boolean;
  private readonly limits: WireLimits;

  constructor(
    private socket: Socket | TLSSocket,
    private readonly opts: SessionOptions,
  ) {
    this.secure = opts.secure;
    this.limits = opts.limits ?? DEFAULT_WIRE_LIMITS;
  }

  get canStartTls() {
    return this.opts.upgrade !== null;
  }
  get sieve() {
    return this.opts.sieve;
  }
  get userId(): number {
    if (this.user === null) throw new Error('not authenticated');
    return this.user;
  }

  /** This session's own socket handlers (STARTTLS removes exactly these, not the listener's). */
  private readonly handlers = {
    data: (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.wake();
    },
    timeout: () => {
      this.write(status('BYE', 'Idle timeout'));
      this.end();
    },
    gone: () => {
      this.closed = true;
      this.wake();
    },
  };

  private attach(s: Socket | TLSSocket) {
    this.socket = s;
    s.setTimeout(this.opts.idleMs);
    s.on('data', this.handlers.data);
    s.on('timeout', this.handlers.timeout);
    s.on('close', this.handlers.gone);
    s.on('error', this.handlers.gone);
  }

  private wake() {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  private more(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  write(s: string) {
    if (!this.closed && this.socket.writable) this.socket.write(s);
  }

  end() {
    this.closed = true;
    this.socket.end();
  }

  capabilities(): string {
    const lines = [
      `"IMPLEMENTATION" "Postroom"`,
      `"SIEVE" ${quoted(CAPABILITIES.join(' '))}`,
      ...(this.state === 'nonauth' ? ['"SASL" "PLAIN"'] : []),
      ...(!this.secure && this.canStartTls && this.state === 'nonauth' ? ['"STARTTLS"'] : []),
      '"MAXREDIRECTS" "4"',
      '"VERSION" "1.0"',
    ];
    return lines.map((l) => `${l}\r\n`).join('');
  }

  async startTls() {
    const plain = this.socket as Socket;
    // Only our own handlers: the listener's 'close' handler must stay, or it never sees
    // the connection end (and a graceful shutdown waits for it until its timeout).
    plain.off('data', this.handlers.data);
    plain.off('timeout', this.handlers.timeout);
    plain.off('close', this.handlers.gone);
    plain.off('error', this.handlers.gone);
    plain.setTimeout(0); // the TLS socket's own idle timeout applies from now on
    this.buf = Buffer.alloc(0);
    const secure = await this.opts.upgrade!(plain);
    this.secure = true;
    this.attach(secure);
  }

  async readClientString(): Promise<string | null> {
    for (;;) {
      // The SASL answer is a string alone on a line: parse it as a command argument.
      const r = parseCommand(Buffer.concat([Buffer.from('X '), this.buf]), this.limits);
      if (r.kind === 'command') {
        this.buf = this.buf.subarray(r.consumed - 2);
        const a = r.command.args[0];
        return a && a.kind === 'string' ? a.value : (a?.value.toString() ?? '');
      }
      if (r.kind === 'error') {
        this.buf = this.buf.subarray(Math.max(0, r.consumed - 2));
        this.write(status('NO', r.message));
        return null;
      }
      if (this.closed) return null;
      await this.more();
    }
  }

  async login(username: string, password: string, authzid: string | null) {
    if (authzid && authzid.toLowerCase() !== username.toLowerCase()) return 'failed' as const;
    const r = await this.opts.auth.authenticate({
      username,
      password,
      protocol: 'sieve',
      remoteAddress: this.opts.remoteAddress,
      secure: this.secure,
    });
    if (r.ok) {
      this.user = r.userId;
      this.state = 'auth';
      return 'ok' as const;
    }
    return r.reason === 'tls-required' ? ('tls-required' as const) : ('failed' as const);
  }

  logout() {
    this.user = null;
    this.state = 'nonauth';
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isMailError(e)) {
        this.write(status('NO', e.message, CODES[e.code]));
        throw new Handled();
      }
      throw e;
    }
  }

  async start(): Promise<void> {
    this.attach(this.socket);
    this.write(this.capabilities() + status('OK', `${this.opts.hostname} ManageSieve ready`));
    while (!this.closed) {
      const r = parseCommand(this.buf, this.limits);
      if (r.kind === 'incomplete') {
        await this.more();
        continue;
      }
      this.buf = this.buf.subarray(r.consumed);
      if (r.kind === 'error') {
        this.write(status('NO', `Syntax error: ${r.message}`));
        continue;
      }
      const spec = COMMANDS[r.command.name];
      if (!spec) {
        this.write(status('NO', `Unknown command ${r.command.name}`));
        continue;
      }
      if (!spec.states.includes(this.state)) {
        this.write(status('NO', this.state === 'nonauth' ? 'Authenticate first' : 'Already authenticated'));
        continue;
      }
      try {
        await spec.handle(this, r.command.args);
      } catch (e) {
        if (e instanceof Handled) continue;
        this.opts.log.warn({ err: String(e), command: r.command.name }, 'managesieve command failed');
        this.write(status('NO', 'Internal error'));
      }
    }
  }
}
