// The IMAP session: state machine (RFC 9051 §3), dispatch through the typed handler
// registry, notifications of other sessions' changes, IDLE, limits.
//
// Invariants (keep them true when you change anything here):
// 1. Commands run one at a time in arrival order; the next command is read only after the
//    previous tagged reply was handed to the socket (pipelining is safe, RFC 9051 §5.5).
// 2. Every byte goes out through `out()`, one write at a time, so pushes during IDLE or
//    NOTIFY never interleave with a command's responses.
// 3. Never send EXPUNGE (or VANISHED) while answering FETCH, STORE, SEARCH or another
//    command that names messages by sequence number, nor when no command is in progress
//    except in IDLE or under NOTIFY (RFC 9051 §7.5.1, RFC 5465 §3). Changes from other
//    sessions are queued in the MailboxView and flushed only at those points.
// 4. Changes are applied in the order the feed publishes them, which is commit order.
// 5. After every await, a handler revalidates what it holds: the selected view may have
//    been replaced (the mailbox deleted elsewhere sets `deleted`), the client may be gone.
// 6. A session reports its own changes itself (STORE's FETCH, EXPUNGE's EXPUNGEs) and
//    tells the view, so they are not reported twice.
// 7. No password is accepted before TLS on a non-loopback connection (src/auth decides).
// 8. No input can throw out of the loop: unexpected errors become NO [SERVERBUG] + a log
//    line; bad input becomes BAD/NO and the session goes on, or BYE after repeated abuse.
// 9. Nothing follows `* BYE` but the tagged reply of the command that caused it (RFC 9051
//    §7.1.5): `done` is set before BYE is written, and flushes and pushes stop once it is.
// 10. After ENABLE UIDONLY no message number is accepted or sent (RFC 9586, uidonly.ts):
//     such commands are BAD [UIDREQUIRED], message data is UIDFETCH, expunges VANISHED.

import type { AuthFailureReason, AuthRequest, AuthResult } from '../../auth/authenticator.js';
import { describeAuthFailure } from '../../auth/messages.js';
import type { MailCore } from '../../core/index.js';
import type { SessionAcquire } from '../../net/user-sessions.js';
import type { Mailbox, MailChange } from '../../store/types.js';
import { capabilities } from './capabilities.js';
import { HANDLERS } from './commands/registry.js';
import type { ImapConnection, TlsUpgrader } from './connection.js';
import type {
  AuthedUser,
  CommandContext,
  CommandHandler,
  CommandResult,
  Enableable,
  ImapLog,
  ResolvedSet,
  SessionControl,
} from './context.js';
import { mapError } from './errors.js';
import type { ImapLimits } from './limits.js';
import { LiteralSpool } from './literal-spool.js';
import { announceNewKeywords } from './mailbox-flags.js';
import { MailboxView } from './mailbox-view.js';
import { refreshLive } from './message/live-search.js';
import type { NotifySpec } from './notify.js';
import { newMessageFetches } from './notify-fetch.js';
import { NotifyRouter } from './notify-router.js';
import { resolveSet } from './sequence.js';
import { usesSequenceNumbers } from './uidonly.js';
import { appendTarget } from './wire/commands/append-commands.js';
import { authenticateResponse, isIdleDone, parseCommand } from './wire/commands/parse.js';
import type { ImapState } from './wire/commands/states.js';
import type { ImapCommand } from './wire/commands/types.js';
import type { EncodeOptions, ResponsePart } from './wire/encode.js';
import type { Frame, FramerEvent } from './wire/frame.js';
import { frameToText } from './wire/frame.js';
import { LiteralRouter } from './wire/literal-sink.js';
import {
  continuation,
  frameErrorResponse,
  parseFailureResponse,
  tagged,
  untagged,
  untaggedStatus,
} from './wire/responses.js';
import type { SequenceSet } from './wire/sequence-set.js';

/** What the session needs from src/auth (the Authenticator satisfies it). */
export interface ImapAuth {
  authenticate(request: AuthRequest): Promise<AuthResult>;
  plaintextAllowed(secure: boolean, remoteAddress: string | undefined): boolean;
}

export interface ImapSessionDeps {
  core: MailCore;
  auth: ImapAuth;
  /** Per-user session limits (src/net/user-sessions.ts). */
  acquireUserSession(userId: number, remoteAddress: string): SessionAcquire;
  tlsUpgrade: TlsUpgrader | null;
  log: ImapLog;
  hostname: string;
  limits: ImapLimits;
  /** APPENDLIMIT in bytes. */
  appendLimit: number;
  /** CREATE subscribes (config imap.autoSubscribe, CLIENT-QUIRKS §1). */
  autoSubscribe: boolean;
}

/** Commands during which EXPUNGE may not be sent unless they are UID commands. */
const SEQ_COMMANDS = new Set(['FETCH', 'STORE', 'SEARCH', 'SORT', 'THREAD', 'COPY', 'MOVE']);

function authCode(reason: AuthFailureReason): string {
  switch (reason) {
    case 'bad-credentials':
      return 'AUTHENTICATIONFAILED';
    case 'throttled':
      return 'UNAVAILABLE';
    case 'disabled':
    case 'protocol-disabled':
      return 'CONTACTADMIN';
    case 'tls-required':
      return 'PRIVACYREQUIRED';
  }
}

export class ImapSession {
  state: ImapState = 'not-authenticated';
  user: AuthedUser | null = null;
  view: MailboxView | null = null;
  readonly enabled = new Set<Enableable>();
  private done = false;
  private unsubscribe: (() => void) | null = null;
  private releaseUser: (() => void) | null = null;
  private selects = 0;
  private badStreak = 0;
  private idling = false;
  private inCommand = false;
  private pushScheduled = false;
  private writing: Promise<unknown> = Promise.resolve();
  private deferred: FramerEvent | null = null;
  private notify: NotifyRouter | null = null;
  /** Opening a view: changes for that mailbox that arrive while its UIDs load. */
  private opening: { mailboxId: number; changes: MailChange[] } | null = null;
  private tokens: number;
  private lastRefill = Date.now();
  private literals: LiteralRouter<LiteralSpool> | null = null;
  private readonly ctx: CommandContext;

  constructor(
    readonly conn: ImapConnection,
    readonly deps: ImapSessionDeps,
  ) {
    this.tokens = deps.limits.commandBurst;
    this.ctx = this.makeContext();
  }

  get encode(): EncodeOptions {
    return { utf8: this.enabled.has('UTF8=ACCEPT') };
  }

  /** Runs the session until the client leaves or is logged out. */
  async run(): Promise<void> {
    this.conn.timeoutHandler = () => this.autologout();
    // RFC 9051 §7.1.1: an untagged OK is information only and may come at any time.
    this.conn.onLiteralStall = () => {
      if (!this.done) this.background(this.out(untaggedStatus('OK', 'Literal received')));
    };
    this.conn.setIdleTimeout(this.deps.limits.preAuthTimeoutMs);
    try {
      await this.out(
        untaggedStatus(
          'OK',
          `${this.deps.hostname} Postroom IMAP ready`,
          `CAPABILITY ${this.caps().join(' ')}`,
        ),
      );
      while (!this.done) {
        const ev = this.deferred ?? (await this.conn.next());
        this.deferred = null;
        if (!ev) break;
        await this.onEvent(ev);
      }
    } catch (e) {
      this.deps.log.error({ err: e, remote: this.conn.remoteAddress }, 'imap session failed');
    } finally {
      await this.writing.catch(() => {});
      this.cleanup();
      this.conn.close();
    }
  }

  /** Server shutdown: BYE and close (RFC 9051 §7.1.5). */
  shutdown(graceful: boolean): void {
    if (!graceful) {
      this.done = true;
      this.conn.destroy();
      return;
    }
    this.done = true;
    this.background(this.out(untaggedStatus('BYE', 'Server shutting down')).then(() => this.conn.close()));
  }

  private cleanup(): void {
    this.literals?.abortAll();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.releaseUser?.();
    this.releaseUser = null;
    this.view = null;
  }

  /** Work started outside the command loop (pushes, keepalives): a failure is logged and
   *  ends the session, never an unhandled rejection. */
  private background(p: Promise<unknown>): void {
    p.catch((e: unknown) => {
      this.deps.log.error({ err: e, remote: this.conn.remoteAddress }, 'imap push failed');
      this.conn.destroy();
    });
  }

  private autologout(): void {
    if (this.done) return;
    this.done = true;
    this.background(
      this.out(untaggedStatus('BYE', 'Autologout; idle for too long')).then(() => this.conn.close()),
    );
  }

  /** Every write goes through here, one at a time (Invariant 2). */
  out(response: Buffer | readonly ResponsePart[]): Promise<void> {
    const p = this.writing.then(() => this.conn.write(response));
    this.writing = p.catch(() => false);
    return p.then(() => undefined);
  }

  private caps(): string[] {
    return capabilities({
      state: this.state,
      secure: this.conn.secure,
      startTlsAvailable: this.deps.tlsUpgrade !== null,
      plaintextAllowed: this.deps.auth.plaintextAllowed(this.conn.secure, this.conn.remoteAddress),
      compressed: this.conn.compressed,
      appendLimit: this.deps.appendLimit,
      literalPlus: this.deps.limits.wire.literalMinus === false,
    });
  }

  private async onEvent(ev: FramerEvent): Promise<void> {
    const literals = this.literalRouter();
    if (await literals.handle(ev)) return;
    switch (ev.kind) {
      case 'continuation': {
        // The framer already refused sizes over its limits (tagged NO [TOOBIG] before "+");
        // an APPEND to a missing mailbox or over quota is refused before the bytes too.
        const refusal = await this.refuseLiteral(ev.sofar, ev.size);
        if (refusal && ev.tag) {
          this.conn.input.reject();
          await this.out(tagged(ev.tag, 'NO', refusal.text, refusal.code));
          return;
        }
        this.conn.input.accept();
        await this.out(continuation('Ready for literal data'));
        return;
      }
      case 'error': {
        literals.abortAll();
        await this.out(frameErrorResponse(ev.error));
        if (ev.error.fatal) return this.bye('Too much data I cannot skip; closing');
        return this.countBad();
      }
      case 'command':
        return this.command(ev.frame);
      default:
        return;
    }
  }

  /** RFC 9051 §6.3.12: APPEND to a missing mailbox is NO [TRYCREATE]; over quota is
   *  NO [OVERQUOTA]; both answered before the client sends the message. */
  private async refuseLiteral(sofar: Frame, size: number): Promise<{ text: string; code: string } | null> {
    if (!this.user) return null;
    const target = appendTarget(sofar, { utf8Accept: this.enabled.has('UTF8=ACCEPT') });
    if (target === null) return null;
    const box = await this.deps.core.mailboxes.get(this.user.id, target);
    if (!box) return { text: 'No such mailbox', code: 'TRYCREATE' };
    const u = await this.deps.core.accounts.getUserById(this.user.id);
    if (u?.quotaBytes != null) {
      const usage = await this.deps.core.accounts.getUsage(this.user.id);
      if (usage.bytes + size > u.quotaBytes) return { text: 'Mailbox is full', code: 'OVERQUOTA' };
    }
    return null;
  }

  private literalRouter(): LiteralRouter<LiteralSpool> {
    this.literals ??= new LiteralRouter((info) => new LiteralSpool(info.size));
    return this.literals;
  }

  private async countBad(): Promise<void> {
    this.badStreak++;
    if (this.badStreak >= this.deps.limits.maxBadCommands) await this.bye('Too many invalid commands');
  }

  private async bye(text: string): Promise<void> {
    this.done = true;
    await this.out(untaggedStatus('BYE', text));
  }

  private async throttle(): Promise<void> {
    const { commandsPerSecond: rate, commandBurst: burst } = this.deps.limits;
    const now = Date.now();
    this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.tokens < 1) {
      const waitMs = Math.ceil(((1 - this.tokens) / rate) * 1000);
      await new Promise((r) => setTimeout(r, waitMs));
      this.tokens = 1;
      this.lastRefill = Date.now();
    }
    this.tokens -= 1;
  }

  private async command(frame: Frame): Promise<void> {
    await this.throttle();
    const parsed = parseCommand(frame, { utf8Accept: this.enabled.has('UTF8=ACCEPT') });
    if (!parsed.ok) {
      this.literals?.abortAll();
      this.deps.log.debug({ line: frameToText(frame, 100), error: parsed.message }, 'bad command');
      await this.out(parseFailureResponse(parsed));
      if (parsed.code !== 'badcharset') await this.countBad();
      return;
    }
    const cmd = parsed.command;
    const handler = HANDLERS[cmd.name] as CommandHandler;
    if (!handler.states.includes(this.state)) {
      this.literals?.abortAll();
      await this.out(tagged(cmd.tag, 'BAD', wrongState(cmd.name, this.state), 'CLIENTBUG'));
      return this.countBad();
    }
    if (this.enabled.has('UIDONLY') && usesSequenceNumbers(cmd)) {
      // RFC 9586 §3: no message sequence numbers once UIDONLY is enabled.
      this.literals?.abortAll();
      await this.out(
        tagged(cmd.tag, 'BAD', 'Message sequence numbers are not used after ENABLE UIDONLY', 'UIDREQUIRED'),
      );
      return this.countBad();
    }
    this.inCommand = true;
    let result: CommandResult;
    try {
      result = await handler.handle(this.ctx, cmd as never);
    } catch (e) {
      result = this.ctx.fail(e);
    } finally {
      this.literals?.abortAll();
    }
    if (result.status === 'BAD') await this.countBad();
    else this.badStreak = 0;
    if (!this.conn.closed) {
      // RFC 9051 §7.1.5: after BYE only the tagged reply (LOGOUT's OK) may follow.
      if (!this.done) await this.flushView(allowsExpunge(cmd));
      await this.out(tagged(cmd.tag, result.status, result.text, result.code));
      if (result.after) await result.after();
    }
    this.inCommand = false;
    if (this.done) return;
    if (this.notify?.hasPending || (this.notify?.pushSelected && this.view?.hasPending)) this.schedulePush();
  }

  /** Writes the queued changes of the selected mailbox (Invariant 3). */
  private async flushView(allowExpunge: boolean): Promise<void> {
    const v = this.view;
    if (!v || this.done) return;
    if (v.deleted) {
      this.view = null;
      this.state = 'authenticated';
      // RFC 9051 §7.1 CLOSED: the mailbox is no longer selected.
      await this.out(untaggedStatus('OK', 'Mailbox deleted by another session', 'CLOSED'));
      return;
    }
    if (!v.hasPending) return this.flushLive(v);
    // \Recent for the appends about to be announced (RFC 3501 §2.3.2): claimed first; the
    // loop takes appends that arrive during the claim too, so none is announced unclaimed.
    while (v.pendingAppendMax > 0) {
      const before = v.pendingAppendMax;
      await v.claimRecent(this.deps.core, before);
      if (this.view !== v || this.done) return;
      if (v.pendingAppendMax === before) break;
    }
    // RFC 3501 §7.2.6: a keyword new to this session is announced before a FETCH shows it.
    for (const r of await announceNewKeywords(this.deps.core, v)) await this.out(r);
    if (this.view !== v || this.done) return;
    // Queued flag changes never report an older state than the client has seen; nothing
    // but microtasks runs between this read and the flush (no change can queue meanwhile).
    await v.refreshFlagChanges(this.deps.core);
    if (this.view !== v || this.done) return;
    const fetch = this.notify?.spec.selected?.fetch ?? [];
    const appended: number[] = [];
    const responses = v.flush({
      allowExpunge,
      qresync: this.enabled.has('QRESYNC'),
      condstore: this.enabled.has('CONDSTORE'),
      uidOnly: this.enabled.has('UIDONLY'),
      encode: this.encode,
      ...(fetch.length > 0 ? { appended } : {}),
    });
    for (const r of responses) {
      if (this.done) return;
      await this.out(r);
    }
    // RFC 5465 §5.2: EXISTS, then a FETCH of each new message with the NOTIFY attributes.
    if (appended.length > 0)
      for (const r of await newMessageFetches(this.deps.core, v, appended, fetch, this.encode)) {
        if (this.done || this.view !== v) return;
        await this.out(r);
      }
    await this.flushLive(v);
  }

  /** RFC 5267 §4.3: ADDTO/REMOVEFROM of the live searches, after the changes they follow. */
  private async flushLive(v: MailboxView): Promise<void> {
    if (!v.hasLiveDirty) return;
    for (const r of await refreshLive(this.ctx, v)) {
      if (this.done || this.view !== v) return;
      await this.out(r);
    }
  }

  /** A change from the user's feed (any session, protocol or process). */
  private onChange(c: MailChange): void {
    if (this.opening && c.type !== 'account' && c.mailboxId === this.opening.mailboxId) {
      this.opening.changes.push(c);
      return;
    }
    this.view?.onChange(c);
    this.notify?.note(c, this.view?.mailboxId ?? null);
    if (this.idling || (this.notify && !this.inCommand)) this.schedulePush();
  }

  /** Outside commands (IDLE, NOTIFY): push what is queued on the next turn, so a burst of
   *  changes goes out as one batch, within milliseconds. */
  private schedulePush(): void {
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    setImmediate(() => {
      this.pushScheduled = false;
      if (this.done || (this.inCommand && !this.idling)) return;
      this.background(this.push());
    });
  }

  private async push(): Promise<void> {
    if (this.notify?.hasPending)
      for (const r of await this.notify.drain()) {
        // A command may have started (and said BYE) while this push was writing.
        if (this.done) return;
        await this.out(r);
      }
    if (this.done) return;
    // RFC 5465 §5.1: SELECTED-DELAYED holds expunges back until a command allows them.
    if (this.idling) await this.flushView(true);
    else if (this.notify?.pushSelected) await this.flushView(!this.notify.spec.selected?.delayed);
  }

  /** The client's next line (AUTHENTICATE). null when it left or sent a command frame with literals. */
  private async readLine(): Promise<string | null> {
    const ev = await this.conn.next();
    // A SASL response never carries a literal: refuse it rather than wait for its bytes.
    if (ev?.kind === 'continuation') this.conn.input.reject();
    if (ev?.kind !== 'command') return null;
    return authenticateResponse(ev.frame);
  }

  /** RFC 2177 IDLE until DONE; any other line ends IDLE and is processed as a command
   *  (iOS sends a new tagged command instead of DONE, CLIENT-QUIRKS §1). */
  private async idle(): Promise<CommandResult> {
    await this.out(continuation('idling'));
    this.idling = true;
    const started = Date.now();
    this.conn.setIdleTimeout(0);
    const keepalive = setInterval(() => {
      if (Date.now() - started >= this.deps.limits.idleMaxMs) return this.autologout();
      this.background(this.out(untaggedStatus('OK', 'Still here')));
    }, this.deps.limits.keepaliveMs);
    try {
      await this.push();
      for (;;) {
        const ev = await this.conn.next();
        if (!ev) return this.ctx.ok('IDLE ended');
        if (ev.kind === 'command' && isIdleDone(ev.frame)) return this.ctx.ok('IDLE terminated');
        this.deferred = ev;
        return this.ctx.ok('IDLE terminated by a new command');
      }
    } finally {
      clearInterval(keepalive);
      this.idling = false;
      this.conn.setIdleTimeout(this.deps.limits.idleTimeoutMs);
    }
  }

  private async openView(mailbox: Mailbox, readOnly: boolean): Promise<MailboxView> {
    this.view = null;
    this.state = 'authenticated';
    this.opening = { mailboxId: mailbox.id, changes: [] };
    try {
      // RFC 3501 §2.3.2: a read-write SELECT claims \Recent, EXAMINE only shows it, and
      // IMAP4rev2 has none (RFC 9051 Appendix E: RECENT and \Recent removed).
      const recent = this.enabled.has('IMAP4rev2') ? 'none' : readOnly ? 'peek' : 'claim';
      const v = await MailboxView.open(this.deps.core, mailbox, readOnly, recent);
      for (const c of this.opening.changes) v.onChange(c);
      await v.refreshFlagChanges(this.deps.core);
      // Changes committed while loading are part of the state SELECT reports.
      v.flush({ allowExpunge: true, qresync: false, condstore: false, encode: this.encode });
      // From now on changes queue in the view, also while SELECT writes its responses.
      this.view = v;
      return v;
    } finally {
      this.opening = null;
    }
  }

  private login(user: AuthedUser): CommandResult | null {
    const got = this.deps.acquireUserSession(user.id, this.conn.remoteAddress);
    if (!got.ok) return this.ctx.no(`Too many connections: ${got.message}`, 'UNAVAILABLE');
    this.releaseUser = got.release;
    this.user = user;
    this.state = 'authenticated';
    this.unsubscribe = this.deps.core.subscribe(user.id, (c) => this.onChange(c));
    this.conn.setIdleTimeout(this.deps.limits.idleTimeoutMs);
    return null;
  }

  private makeContext(): CommandContext {
    const s = this;
    const control: SessionControl = {
      login: (user) => s.login(user),
      logout: () => {
        s.done = true;
      },
      unauthenticate: () => {
        s.cleanup();
        s.user = null;
        s.state = 'not-authenticated';
        s.enabled.clear();
        s.notify = null;
        s.conn.setIdleTimeout(s.deps.limits.preAuthTimeoutMs);
      },
      select: (view) => {
        s.view = view;
        s.state = 'selected';
      },
      deselect: () => {
        s.view = null;
        if (s.state === 'selected') s.state = 'authenticated';
      },
      openView: (mailbox, readOnly) => s.openView(mailbox, readOnly),
      countSelect: () => ++s.selects > s.deps.limits.maxSelects,
      startTls: async () => {
        if (!s.deps.tlsUpgrade) return false;
        await s.writing;
        const ok = await s.conn.startTls(s.deps.tlsUpgrade);
        if (!ok) s.conn.destroy();
        return ok;
      },
      startCompression: async () => {
        await s.writing;
        s.conn.startCompression();
      },
      get compressed() {
        return s.conn.compressed;
      },
      readLine: () => s.readLine(),
      idle: () => s.idle(),
      capabilities: () => s.caps(),
      setNotify: (spec: NotifySpec | null) => {
        s.notify = spec
          ? new NotifyRouter(
              spec,
              s.deps.core,
              () => s.user,
              () => s.encode,
            )
          : null;
        return s.notify;
      },
      clientId: (params) => {
        const info = Object.fromEntries((params ?? []).map(([k, v]) => [k.toLowerCase().slice(0, 32), v]));
        s.deps.log.info(
          { remote: s.conn.remoteAddress, user: s.user?.address, client: info },
          'imap client id',
        );
      },
      checkPassword: (username, password) =>
        s.deps.auth.authenticate({
          username,
          password,
          protocol: 'imap',
          remoteAddress: s.conn.remoteAddress,
          secure: s.conn.secure,
        }),
      authFailure: (reason, retryAfterMs) =>
        s.ctx.no(describeAuthFailure(reason, 'imap', retryAfterMs), authCode(reason)),
    };
    return {
      get core() {
        return s.deps.core;
      },
      get log() {
        return s.deps.log;
      },
      get state() {
        return s.state;
      },
      get user() {
        return s.user;
      },
      get selected() {
        return s.view;
      },
      get enabled() {
        return s.enabled;
      },
      get encode() {
        return s.encode;
      },
      get secure() {
        return s.conn.secure;
      },
      get remoteAddress() {
        return s.conn.remoteAddress;
      },
      get appendLimit() {
        return s.deps.appendLimit;
      },
      get autoSubscribe() {
        return s.deps.autoSubscribe;
      },
      requireUser() {
        if (!s.user) throw new Error('no user in this state');
        return s.user;
      },
      requireSelected() {
        if (!s.view) throw new Error('no mailbox selected');
        return s.view;
      },
      send: (r) => s.out(r),
      untagged: (text) => s.out(untagged(text)),
      resolve: (set: SequenceSet, uid: boolean): ResolvedSet | null => {
        const v = s.view;
        if (!v) return null;
        return resolveSet(v, set, uid);
      },
      saveResult: (uids) => {
        if (s.view) s.view.savedResult = [...uids];
      },
      enable: (ext) => {
        const had = s.enabled.has('CONDSTORE');
        s.enabled.add(ext);
        if (ext === 'QRESYNC') s.enabled.add('CONDSTORE');
        // RFC 7162 §3.1: CONDSTORE enabled while a mailbox is selected (FETCH MODSEQ,
        // SEARCH MODSEQ...): tell its HIGHESTMODSEQ before the command's own answers.
        if (!had && s.enabled.has('CONDSTORE') && s.view)
          s.background(
            s.out(untaggedStatus('OK', 'Highest', `HIGHESTMODSEQ ${Math.max(1, s.view.highestModseq)}`)),
          );
      },
      takeLiteral: (id) => s.literals?.take(id),
      ok: (text, code) => ({ status: 'OK', text, ...(code ? { code } : {}) }),
      no: (text, code) => ({ status: 'NO', text, ...(code ? { code } : {}) }),
      bad: (text, code) => ({ status: 'BAD', text, ...(code ? { code } : {}) }),
      fail: (e, opts) => {
        const f = mapError(e, opts);
        if (f.internal) s.deps.log.error({ err: e, user: s.user?.address }, 'imap command failed');
        return { status: f.status, text: f.text, code: f.code };
      },
      session: control,
    };
  }
}

function allowsExpunge(cmd: ImapCommand): boolean {
  if (!SEQ_COMMANDS.has(cmd.name)) return true;
  return 'uid' in cmd && cmd.uid;
}

function wrongState(name: string, state: ImapState): string {
  switch (state) {
    case 'not-authenticated':
      return `${name} needs a login first`;
    case 'authenticated':
      return name === 'ENABLE' ? 'ENABLE is not allowed now' : `${name} needs a selected mailbox`;
    case 'selected':
      return `${name} is not allowed now`;
  }
}
