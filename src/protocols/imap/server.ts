// The IMAP listeners: port 143 with STARTTLS (RFC 9051 §6.2.1) and port 993 with implicit
// TLS (RFC 8314), on src/net's listener (connection limits, polite refusals) and src/tls's
// reloadable context. Per-user session limits are shared by both listeners.

import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { MailCore } from '../../core/index.js';
import type { Listener } from '../../net/listener.js';
import { listenPair } from '../../net/listener-pair.js';
import { UserSessionLimiter } from '../../net/user-sessions.js';
import type { TlsContextProvider } from '../../tls/context.js';
import { upgradeToTls } from '../../tls/server.js';
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
  const sessions = new Set<ImapSession>();
  const provider = opts.tls;
  const upgrade = provider ? (s: Socket) => upgradeToTls(s, provider) : null;
  const listeners: Listener[] = [];
  let closing = false;

  const accept = (socket: Socket | TLSSocket, remoteAddress: string, secure: boolean) => {
    socket.setNoDelay(true);
    const conn = new ImapConnection(socket, wire, { secure, remoteAddress });
    if (closing) {
      socket.end(untaggedStatus('BYE', 'Server shutting down, try again later', 'UNAVAILABLE'));
      return;
    }
    const session = new ImapSession(conn, {
      core: opts.core,
      auth: opts.auth,
      acquireUserSession: (userId, addr) => sessionLimits.acquire(userId, addr),
      tlsUpgrade: secure ? null : upgrade,
      log: opts.log,
      hostname: opts.hostname,
      limits: { ...limits, wire },
      appendLimit,
    });
    sessions.add(session);
    void session.run().finally(() => sessions.delete(session));
  };

  const common = {
    idleTimeoutMs: limits.preAuthTimeoutMs,
    ...(opts.connectionLimits ? { limits: opts.connectionLimits } : {}),
    onRefused: (socket: Socket, _reason: string, message: string) => {
      socket.end(untaggedStatus('BYE', message, 'UNAVAILABLE'));
    },
  };
  const boundPort = (name: string) => listeners.find((l) => l.name === name)?.address.port ?? null;

  return {
    async listen() {
      listeners.push(
        ...(await listenPair(
          { plain: 'imap', tls: 'imaps' },
          { plain: opts.imap, tls: opts.imaps },
          provider,
          {
            ...common,
            onConnection: (s, info) => accept(s, info.remoteAddress, info.secure),
          },
        )),
      );
      return listeners.map((l) => ({
        name: l.name as 'imap' | 'imaps',
        host: l.address.address,
        port: l.address.port,
      }));
    },
    addresses: () => ({ imap: boundPort('imap'), imaps: boundPort('imaps') }),
    sessionCount: () => sessions.size,
    async close(graceful) {
      closing = true;
      for (const l of listeners) l.close();
      for (const s of sessions) s.shutdown(graceful);
      await Promise.all(listeners.map((l) => l.drained()));
      listeners.length = 0;
    },
  };
}
