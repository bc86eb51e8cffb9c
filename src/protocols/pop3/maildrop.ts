// What a POP3 session needs from the rest of Postroom, as two small interfaces. The
// session is written against these only; core-backend.ts fills them from the mail core
// and the authenticator. Keeping the port this narrow keeps the session free of store
// details (it never sees a mailbox id or a transaction).

import type { Readable } from 'node:stream';

/** One message of the snapshot taken at login. Numbering = index + 1, fixed until QUIT. */
export interface MaildropEntry {
  /** RFC 1939 §7 UIDL: the message's emailId, stable across moves and restarts. */
  readonly uidl: string;
  /** Octets with CRLF line ends (RFC 1939 §5 LIST: the exact size). */
  readonly size: number;
}

/** A user's maildrop as seen by one session. */
export interface Maildrop {
  readonly entries: readonly MaildropEntry[];
  /** RFC 2449 §6.7 EXPIRE for this user: days, 'NEVER', or 0 (deleted on download). */
  readonly expire: number | 'NEVER';
  /**
   * Opens the message bytes (CRLF, as stored): a stream, or the bytes themselves for a
   * small message (read in one go, bounded by the backend). null when the message no
   * longer exists (expunged by another client since login): it keeps its number but
   * cannot be read.
   */
  open(index: number): Promise<Readable | Buffer | null>;
  /** Called after a RETR was fully written (the onDownload policy). */
  retrieved(index: number): Promise<void>;
  /**
   * RFC 1939 §6 UPDATE state: applies the deletions (onDelete policy) and the clean-QUIT
   * bookkeeping (offerAgain). Returns how many deletions could not be applied.
   */
  commit(deleted: readonly number[], retrieved: readonly number[]): Promise<{ failed: number }>;
  /** Releases the maildrop lock; called exactly once, whatever way the session ends. */
  release(): void;
}

export interface LoginContext {
  remoteAddress: string;
  secure: boolean;
}

export type LoginOutcome =
  | { ok: true; maildrop: Maildrop; address: string }
  | {
      ok: false;
      /** bad: wrong credentials; disabled: POP off for the account; throttled: too many
       * failures; in-use: another session holds the maildrop; unavailable: store down. */
      reason: 'bad' | 'disabled' | 'throttled' | 'in-use' | 'unavailable';
      message: string;
    };

export interface Pop3Backend {
  /**
   * Checks the password and, on success, locks and snapshots the maildrop. A login name
   * `recent:ADDRESS` selects recent mode (the last 30 days, whatever was downloaded).
   */
  login(username: string, password: string, ctx: LoginContext): Promise<LoginOutcome>;
  /** Whether a password may be sent in clear on this connection (before or without TLS). */
  plaintextAllowed(secure: boolean, remoteAddress: string): boolean;
  /** EXPIRE advertised before login (RFC 2449 §6.7: the server-wide lowest value). */
  readonly defaultExpire: number | 'NEVER';
}
