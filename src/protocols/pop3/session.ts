// The POP3 session: the RFC 1939 state machine over one connection.
//
// Invariants (keep them true when you change anything here):
// 1. The message list is a snapshot taken at login. Numbers, sizes and UIDLs never change
//    until QUIT, whatever IMAP, SMTP or another client does meanwhile. A message removed
//    elsewhere keeps its number; RETR/TOP on it answer -ERR with a clear text.
// 2. Nothing is deleted before the UPDATE state (RFC 1939 §6): DELE only marks, RSET
//    unmarks, and only a QUIT in TRANSACTION applies the marks. A dropped connection, an
//    idle timeout or a server shutdown releases the maildrop and deletes nothing.
// 3. The maildrop lock is released exactly once, in `finally`, on every way out.
// 4. Commands run one at a time in arrival order (RFC 2449 PIPELINING); the next line is
//    read only after the previous reply was handed to the socket.
// 5. RETR/TOP stream the stored bytes through the encoder and wait for the socket to
//    drain: a message is never held in memory whole, and a slow client slows only us.
// 6. No plaintext password is accepted on a non-loopback connection before TLS.
// 7. Every error reply carries a response code (RFC 2449 §8, RFC 3206); no input can
//    throw out of the loop (unexpected errors become -ERR [SYS/TEMP] and are logged).

import { SASL_MECHANISMS } from '../../auth/sasl/index.js';
import { COMMANDS } from './commands/index.js';
import type { ConnectionEvent, Pop3Connection, TlsUpgrader } from './connection.js';
import { errorResponse } from './errors.js';
import type { Maildrop, Pop3Backend } from './maildrop.js';
import type { Pop3WireLimits } from './wire/limits.js';
import { parseRequest } from './wire/request.js';
import { errLine, okLine, type Pop3ResponseCode } from './wire/response.js';

export type Pop3State = 'AUTHORIZATION' | 'TRANSACTION' | 'UPDATE';

/** The few logger methods the session uses (pino's Logger satisfies it). */
export interface Pop3Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Pop3SessionDeps {
  backend: Pop3Backend;
  limits: Pop3WireLimits;
  /** null when no certificate is configured: STLS is then not offered. */
  tlsUpgrade: TlsUpgrader | null;
  log: Pop3Log;
  hostname: string;
}

export class Pop3Session {
  state: Pop3State = 'AUTHORIZATION';
  /** Name given by USER, waiting for PASS. */
  pendingUser: string | null = null;
  maildrop: Maildrop | null = null;
  address: string | null = null;
  /** 0-based indexes marked by DELE. */
  readonly deleted = new Set<number>();
  /** 0-based indexes fully sent by RETR (offerAgain bookkeeping at QUIT). */
  readonly retrieved = new Set<number>();
  /** Set by a command that ends the session (QUIT, too many errors). */
  done = false;
  private invalidCommands = 0;
  private overlongLines = 0;

  constructor(
    readonly conn: Pop3Connection,
    readonly deps: Pop3SessionDeps,
  ) {}

  /** Plaintext passwords (USER/PASS, AUTH PLAIN/LOGIN): over TLS, or from loopback
   * (the authenticator's rule, so every protocol agrees). */
  get plaintextAllowed(): boolean {
    return this.deps.backend.plaintextAllowed(this.conn.secure, this.conn.remoteAddress);
  }

  get mechanisms(): readonly string[] {
    return SASL_MECHANISMS;
  }

  async reply(line: string): Promise<boolean> {
    return this.conn.write(line);
  }

  ok(text = ''): Promise<boolean> {
    return this.reply(okLine(text));
  }

  err(code: Pop3ResponseCode, text: string): Promise<boolean> {
    return this.reply(errLine(code, text));
  }

  /**
   * Reads the next raw input line (SASL continuations): the line, 'overlong' (already
   * answered and counted), or null when the client is gone or timed out.
   */
  async readLine(): Promise<Buffer | 'overlong' | null> {
    const e = await this.conn.next();
    if (e === null) return null;
    if (e.kind === 'timeout') {
      await this.handle(e);
      return null;
    }
    if (e.kind === 'line') return e.line;
    return (await this.overlong()) ? 'overlong' : null;
  }

  /** Counts an invalid command; false when the client must be dropped. */
  async invalid(code: Pop3ResponseCode, text: string): Promise<boolean> {
    this.invalidCommands += 1;
    if (this.invalidCommands > this.deps.limits.maxInvalidCommands) {
      await this.err('SYS/PERM', 'Too many invalid commands, closing connection');
      this.done = true;
      return false;
    }
    await this.err(code, text);
    return true;
  }

  /** The message index for a 1-based number, or null after an -ERR was sent. */
  async message(n: number, allowDeleted = false): Promise<number | null> {
    const md = this.maildrop!;
    if (n < 1 || n > md.entries.length) {
      await this.invalid('SYS/PERM', `No such message: ${n} (maildrop has ${md.entries.length})`);
      return null;
    }
    if (!allowDeleted && this.deleted.has(n - 1)) {
      await this.invalid('SYS/PERM', `Message ${n} is already marked for deletion`);
      return null;
    }
    return n - 1;
  }

  async run(): Promise<void> {
    const log = this.deps.log;
    try {
      // RFC 1939 §4 greeting. No APOP timestamp: APOP is not offered (docs/pop3.md).
      await this.ok(`${this.deps.hostname} Postroom POP3 ready`);
      while (!this.done) {
        const e = await this.conn.next();
        if (e === null) break;
        if (!(await this.handle(e))) break;
      }
    } catch (err) {
      log.error({ err }, 'pop3 session failed');
    } finally {
      // Invariant 2 and 3: without a completed UPDATE nothing was deleted; unlock.
      this.maildrop?.release();
      this.maildrop = null;
      this.conn.close();
    }
  }

  /**
   * Server shutdown. A session in UPDATE finishes its deletions (they are already under
   * way); any other session is told and closed, deleting nothing (Invariant 2).
   */
  shutdown(graceful: boolean): void {
    if (this.state === 'UPDATE') return;
    this.done = true;
    if (graceful) this.conn.shutdown(errLine('SYS/TEMP', 'Server shutting down, nothing was deleted'));
    else this.conn.destroy();
  }

  private async overlong(): Promise<boolean> {
    this.overlongLines += 1;
    if (this.overlongLines > this.deps.limits.maxOverlongLines) {
      await this.err('SYS/PERM', 'Too many overlong lines, closing connection');
      return false;
    }
    await this.err('SYS/PERM', `Line too long (limit ${this.deps.limits.maxLineLength} octets)`);
    return true;
  }

  /** Handles one input event; false ends the session. */
  private async handle(e: ConnectionEvent): Promise<boolean> {
    if (e.kind === 'timeout') {
      // RFC 1939 §3: the autologout timer ends the session without entering UPDATE.
      await this.err('SYS/TEMP', 'Idle timeout, closing connection (nothing was deleted)');
      this.conn.destroy();
      return false;
    }
    if (e.kind === 'overlong') return this.overlong();
    const parsed = parseRequest(e.line);
    if (!parsed.ok) return this.invalid('SYS/PERM', parsed.message);
    const req = parsed.request;
    const cmd = COMMANDS[req.verb];
    if (!cmd.states.includes(this.state))
      return this.invalid('SYS/PERM', `${req.verb} is not valid in the ${this.state} state`);
    try {
      // The registry is keyed by verb, so the request type matches the handler's.
      await (cmd.handle as (s: Pop3Session, r: typeof req) => Promise<void>)(this, req);
    } catch (err) {
      const r = errorResponse(err);
      if (!r.expected) this.deps.log.error({ err, verb: req.verb }, 'pop3 command failed');
      await this.err(r.code, r.text);
    }
    return !this.done;
  }
}
