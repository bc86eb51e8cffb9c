// What a command handler is given (CommandContext) and what it returns (CommandResult).
// Handlers never touch the socket or the session's fields: they answer through the
// context, and the session writes the tagged reply after flushing notifications at the
// points the RFC allows (see session.ts Invariants).

import type { AuthFailureReason, AuthResult } from '../../auth/authenticator.js';
import type { MailCore } from '../../core/index.js';
import type { Mailbox, UidRange } from '../../store/types.js';
import type { MapOptions } from './errors.js';
import type { LiteralSpool } from './literal-spool.js';
import type { MailboxView } from './mailbox-view.js';
import type { NotifySpec } from './notify.js';
import type { NotifyRouter } from './notify-router.js';
import type { ImapState } from './wire/commands/states.js';
import type { CommandName, ImapCommand } from './wire/commands/types.js';
import type { EncodeOptions, ResponsePart } from './wire/encode.js';
import type { SequenceSet } from './wire/sequence-set.js';

/** Extensions a client can turn on with ENABLE (RFC 5161). */
export type Enableable = 'CONDSTORE' | 'QRESYNC' | 'UTF8=ACCEPT' | 'IMAP4rev2' | 'UIDONLY';

export interface AuthedUser {
  id: number;
  address: string;
}

/** The final answer to a command: `tag OK|NO|BAD [code] text`. */
export interface CommandResult {
  status: 'OK' | 'NO' | 'BAD';
  text: string;
  code?: string;
  /** Runs after the tagged reply was written (STARTTLS handshake, COMPRESS). */
  after?: () => Promise<void>;
}

export interface ImapLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Messages a sequence set names in the selected mailbox. */
export interface ResolvedSet {
  /** [seq, uid] in ascending order (lazily: page through huge sets). */
  pairs(): IterableIterator<[number, number]>;
  /** The UIDs as ranges for the core (merged, ascending). */
  uidRanges(): UidRange[];
  /** Number of messages. */
  readonly count: number;
}

export interface CommandContext {
  readonly core: MailCore;
  readonly log: ImapLog;
  readonly state: ImapState;
  /** The logged-in user (null before login). */
  readonly user: AuthedUser | null;
  /** The selected mailbox (null outside the selected state). */
  readonly selected: MailboxView | null;
  /** Extensions turned on by ENABLE (or implicitly: CONDSTORE by a CONDSTORE command). */
  readonly enabled: ReadonlySet<Enableable>;
  /** How strings are written for this client (UTF-8 after ENABLE UTF8=ACCEPT). */
  readonly encode: EncodeOptions;
  /** True when the connection is TLS (implicit or after STARTTLS). */
  readonly secure: boolean;
  readonly remoteAddress: string;
  /** APPENDLIMIT in bytes. */
  readonly appendLimit: number;
  /** CREATE subscribes the mailbox it creates (or finds unsubscribed): imap.autoSubscribe. */
  readonly autoSubscribe: boolean;

  /** The user or throws (handlers run only in states that have one). */
  requireUser(): AuthedUser;
  /** The selected view or throws. */
  requireSelected(): MailboxView;

  /** Writes untagged data now, waiting while the socket is full (streams literal bodies). */
  send(response: Buffer | readonly ResponsePart[]): Promise<void>;
  /** `* text`. */
  untagged(text: string): Promise<void>;

  /** Resolves a (UID) sequence set against the selected view; `$` is the saved result
   *  (RFC 5182). Message numbers out of range give null (answer BAD, RFC 9051 §6.4.x). */
  resolve(set: SequenceSet, uid: boolean): ResolvedSet | null;
  /** Saves a SEARCH result for `$` (RFC 5182): UIDs, ascending. */
  saveResult(uids: readonly number[]): void;

  /** The spooled body of a streamed APPEND/REPLACE literal (StreamedPart.id); the
   *  caller owns it and must dispose() it. */
  takeLiteral(id: number): LiteralSpool | undefined;

  /** Marks an extension as used: a CONDSTORE-enabling command (RFC 7162 §3.1). */
  enable(ext: Enableable): void;

  ok(text: string, code?: string): CommandResult;
  no(text: string, code?: string): CommandResult;
  bad(text: string, code?: string): CommandResult;
  /** The NO for an error the core threw (mapping table in errors.ts; logs SERVERBUG). */
  fail(e: unknown, opts?: MapOptions): CommandResult;

  /** Session operations a few handlers need (login, select...). */
  readonly session: SessionControl;
}

/** The few session transitions handlers may ask for. */
export interface SessionControl {
  login(user: AuthedUser): CommandResult | null;
  logout(): void;
  unauthenticate(): void;
  select(view: MailboxView): void;
  deselect(): void;
  /** Counts SELECT/EXAMINE; true once the loop guard is exceeded (then BYE). */
  countSelect(): boolean;
  startTls(): Promise<boolean>;
  startCompression(): Promise<void>;
  compressed: boolean;
  /** Reads the client's next line (AUTHENTICATE responses). null when the client left. */
  readLine(): Promise<string | null>;
  /** Runs IDLE until DONE (or another command, which is then processed). */
  idle(): Promise<CommandResult>;
  /** Loads a view of `mailbox` (not yet selected: call select() after the responses). */
  openView(mailbox: Mailbox, readOnly: boolean): Promise<MailboxView>;
  /** Checks a password with src/auth (protocol imap, this connection's address/TLS). */
  checkPassword(username: string, password: string): Promise<AuthResult>;
  /** The NO for a refused login (text and response code for the reason). */
  authFailure(reason: AuthFailureReason, retryAfterMs?: number): CommandResult;
  /** The capability list for the current state. */
  capabilities(): string[];
  /** Set the NOTIFY (RFC 5465) subscription; null for NOTIFY NONE. */
  setNotify(spec: NotifySpec | null): NotifyRouter | null;
  clientId(params: ReadonlyArray<readonly [string, string | null]> | null): void;
}

/** One command's handler: the states it is valid in and what it does. */
/** The member of the command union named N (SELECT and EXAMINE share one member). */
export type CommandOf<N extends CommandName> = ImapCommand extends infer C
  ? C extends { name: infer M }
    ? N extends M
      ? C
      : never
    : never
  : never;

export interface CommandHandler<N extends CommandName = CommandName> {
  readonly states: readonly ImapState[];
  /** Capabilities this command adds when implemented (e.g. MOVE, UIDPLUS). */
  readonly capabilities?: readonly string[];
  /** True while the command is a placeholder (not advertised, IMAP4rev2 withheld). */
  readonly stub?: boolean;
  handle(ctx: CommandContext, cmd: CommandOf<N>): Promise<CommandResult>;
}
