// The POP3 listeners: port 110 with STLS (RFC 2595) and port 995 with implicit TLS
// (RFC 8314), on src/net's session listeners (connection limits, polite refusals, goodbye
// on shutdown) and src/tls's reloadable context. One session set per server instance; the maildrop lock table lives
// in the backend.

import { IDLE_TIMEOUTS_MS } from '../../net/limits.js';
import { SessionListeners } from '../../net/session-listeners.js';
import type { TlsContextProvider } from '../../tls/context.js';
import { startTlsUpgrader } from '../../tls/server.js';
import { Pop3Connection } from './connection.js';
import type { Pop3Backend } from './maildrop.js';
import { type Pop3Log, Pop3Session } from './session.js';
import { DEFAULT_WIRE_LIMITS, type Pop3WireLimits } from './wire/limits.js';
import { errLine } from './wire/response.js';

/** Where to listen; null disables the listener, port 0 asks for a free port (tests). */
export type BindAddress = { host: string | undefined; port: number } | null;

export interface Pop3ServerOptions {
  /** STLS port (110). */
  pop3: BindAddress;
  /** Implicit TLS port (995); also off when `tls` is null. */
  pop3s: BindAddress;
  backend: Pop3Backend;
  /** null: no STLS and no implicit-TLS listener. */
  tls: TlsContextProvider | null;
  log: Pop3Log;
  hostname: string;
  limits?: Partial<Pop3WireLimits>;
  /** RFC 1939 §3: at least 10 minutes (the default). */
  idleTimeoutMs?: number;
  /** Connection limits passed to the listeners. */
  connectionLimits?: { perAddress?: number; total?: number };
}

export interface BoundPop3Listener {
  name: 'pop3' | 'pop3s';
  host: string;
  port: number;
}

export interface Pop3Server {
  listen(): Promise<BoundPop3Listener[]>;
  /** Bound ports (after listen), for tests and logs; null when disabled. */
  addresses(): { pop3: number | null; pop3s: number | null };
  sessionCount(): number;
  /** Output bytes queued in the process for all sessions (bounded by backpressure). */
  queuedOutputBytes(): number;
  /** Stops listening; graceful: sessions are told and closed, deleting nothing. */
  close(graceful: boolean): Promise<void>;
}

export function createPop3Server(opts: Pop3ServerOptions): Pop3Server {
  const limits: Pop3WireLimits = { ...DEFAULT_WIRE_LIMITS, ...opts.limits };
  const idleMs = opts.idleTimeoutMs ?? IDLE_TIMEOUTS_MS.pop3;
  const upgrade = startTlsUpgrader(opts.tls);
  const listeners = new SessionListeners<Pop3Session>({
    names: { plain: 'pop3', tls: 'pop3s' },
    bind: { plain: opts.pop3, tls: opts.pop3s },
    tls: opts.tls,
    idleTimeoutMs: idleMs,
    connectionLimits: opts.connectionLimits,
    refusal: (message) => errLine('SYS/TEMP', message), // RFC 3206: a temporary condition
    start(socket, info) {
      const conn = new Pop3Connection(socket, limits, { ...info, idleMs });
      const session = new Pop3Session(conn, {
        backend: opts.backend,
        limits,
        tlsUpgrade: upgrade,
        log: opts.log,
        hostname: opts.hostname,
      });
      return { session, done: session.run() };
    },
  });

  return {
    async listen() {
      const bound = await listeners.listen();
      return bound.map((b) => ({ ...b, name: b.name as 'pop3' | 'pop3s' }));
    },
    addresses: () => ({ pop3: listeners.port('pop3'), pop3s: listeners.port('pop3s') }),
    sessionCount: () => listeners.sessionCount,
    queuedOutputBytes: () => {
      let n = 0;
      for (const s of listeners.sessions()) n += s.conn.queuedOutput;
      return n;
    },
    close: (graceful) => listeners.close(graceful),
  };
}
