// The POP3 listeners: port 110 with STLS (RFC 2595) and port 995 with implicit TLS
// (RFC 8314), on src/net's listener (connection limits, polite refusals) and src/tls's
// reloadable context. One session set per server instance; the maildrop lock table lives
// in the backend.

import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { IDLE_TIMEOUTS_MS } from '../../net/limits.js';
import type { Listener } from '../../net/listener.js';
import { listenPair } from '../../net/listener-pair.js';
import type { TlsContextProvider } from '../../tls/context.js';
import { upgradeToTls } from '../../tls/server.js';
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
  const sessions = new Map<Pop3Session, Promise<void>>();
  const provider = opts.tls;
  const upgrade = provider ? (s: Socket) => upgradeToTls(s, provider) : null;
  const listeners: Listener[] = [];
  let closing = false;

  const accept = (socket: Socket | TLSSocket, remoteAddress: string, secure: boolean) => {
    socket.setNoDelay(true);
    const conn = new Pop3Connection(socket, limits, { secure, remoteAddress, idleMs });
    if (closing) {
      conn.shutdown(errLine('SYS/TEMP', 'Server shutting down, try again later'));
      return;
    }
    const session = new Pop3Session(conn, {
      backend: opts.backend,
      limits,
      tlsUpgrade: upgrade,
      log: opts.log,
      hostname: opts.hostname,
    });
    const done = session.run().finally(() => sessions.delete(session));
    sessions.set(session, done);
  };

  const common = {
    idleTimeoutMs: idleMs,
    ...(opts.connectionLimits ? { limits: opts.connectionLimits } : {}),
    onRefused: (socket: Socket, _reason: string, message: string) => {
      socket.end(errLine('SYS/TEMP', message)); // RFC 3206: a temporary condition
    },
  };
  const boundPort = (name: string) => listeners.find((l) => l.name === name)?.address.port ?? null;

  return {
    async listen() {
      listeners.push(
        ...(await listenPair(
          { plain: 'pop3', tls: 'pop3s' },
          { plain: opts.pop3, tls: opts.pop3s },
          provider,
          {
            ...common,
            onConnection: (s, info) => accept(s, info.remoteAddress, info.secure),
          },
        )),
      );
      return listeners.map((l) => ({
        name: l.name as 'pop3' | 'pop3s',
        host: l.address.address,
        port: l.address.port,
      }));
    },
    addresses: () => ({ pop3: boundPort('pop3'), pop3s: boundPort('pop3s') }),
    sessionCount: () => sessions.size,
    queuedOutputBytes: () => {
      let n = 0;
      for (const s of sessions.keys()) n += s.conn.queuedOutput;
      return n;
    },
    async close(graceful) {
      closing = true;
      for (const l of listeners) l.close();
      for (const s of sessions.keys()) s.shutdown(graceful);
      await Promise.all(sessions.values());
      await Promise.all(listeners.map((l) => l.drained()));
      listeners.length = 0;
    },
  };
}
