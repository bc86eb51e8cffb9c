// The IMAP listeners: port 143 with STARTTLS (RFC 9051 §6.2.1) and port 993 with implicit
// TLS (RFC 8314), on src/net's session listeners (connection limits, polite refusals,
// goodbye on shutdown) and src/tls's reloadable context. Per-user session limits are
// shared by both listeners.

import type { MailCore } from '../../core/index.js';
import { SessionListeners } from '../../net/session-listeners.js';
import { UserSessionLimiter } from '../../net/user-sessions.js';
import type { TlsContextProvider } from '../../tls/context.js';
import { startTlsUpgrader } from '../../tls/server.js';
import { ImapConnection } from './connection.js';
import type { ImapLog } from './context.js';
import { DEFAULT_IMAP_LIMITS, IMAP_WIRE_DEFAULTS, type ImapLimits } from './limits.js';
import { type ImapAuth, ImapSession } from './session.js';
import { defaultWireLimits } from './wire/limits.js';
import { untaggedStatus } from './wire/responses.js';

export type BindAddress = { host: string | undefined; port: number } | null;

export interface ImapServerOptions {
  /** STARTTLS port (143). */
  imap: BindAddress;
  /** Implicit TLS port (993); off when `tls` is null. */
  imaps: BindAddress;
  core: MailCore;
  auth: ImapAuth;
  /** null: no STARTTLS and no implicit-TLS listener. */
  tls: TlsContextProvider | null;
  log: ImapLog;
  hostname: string;
  limits?: Partial<ImapLimits>;
  /** Connection limits passed to the listeners. */
  connectionLimits?: { perAddress?: number; total?: number };
  /** CREATE subscribes (config imap.autoSubscribe); true when absent. */
  autoSubscribe?: boolean;
}

export interface ImapServer {
  listen(): Promise<Array<{ name: 'imap' | 'imaps'; host: string; port: number }>>;
  addresses(): { imap: number | null; imaps: number | null };
  sessionCount(): number;
  close(graceful: boolean): Promise<void>;
}

export function createImapServer(opts: ImapServerOptions): ImapServer {
  const limits: ImapLimits = { ...DEFAULT_IMAP_LIMITS, ...opts.limits };
  // APPENDLIMIT (RFC 7889): the smaller of the core's message limit and the wire limit.
  const appendLimit = Math.min(opts.core.limits.maxMessageSize, limits.wire.maxAppendSize ?? Infinity);
  const wire = { ...defaultWireLimits, ...IMAP_WIRE_DEFAULTS, ...limits.wire, maxAppendSize: appendLimit };
  const sessionLimits = new UserSessionLimiter({
    perUserAndAddress: limits.perUserAndAddress,
    perUser: limits.perUser,
  });
  const upgrade = startTlsUpgrader(opts.tls);
  const listeners = new SessionListeners<ImapSession>({
    names: { plain: 'imap', tls: 'imaps' },
    bind: { plain: opts.imap, tls: opts.imaps },
    tls: opts.tls,
    idleTimeoutMs: limits.preAuthTimeoutMs,
    connectionLimits: opts.connectionLimits,
    refusal: (message) => untaggedStatus('BYE', message, 'UNAVAILABLE'),
    start(socket, info) {
      const conn = new ImapConnection(socket, wire, info);
      const session = new ImapSession(conn, {
        core: opts.core,
        auth: opts.auth,
        acquireUserSession: (userId, addr) => sessionLimits.acquire(userId, addr),
        tlsUpgrade: info.secure ? null : upgrade,
        log: opts.log,
        hostname: opts.hostname,
        limits: { ...limits, wire },
        appendLimit,
        autoSubscribe: opts.autoSubscribe ?? true,
      });
      return { session, done: session.run() };
    },
  });

  return {
    async listen() {
      const bound = await listeners.listen();
      return bound.map((b) => ({ ...b, name: b.name as 'imap' | 'imaps' }));
    },
    addresses: () => ({ imap: listeners.port('imap'), imaps: listeners.port('imaps') }),
    sessionCount: () => listeners.sessionCount,
    close: (graceful) => listeners.close(graceful),
  };
}
