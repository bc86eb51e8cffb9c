// The POP3 listeners: port 110 with STLS (RFC 2595) and port 995 with implicit TLS
// (RFC 8314). One maildrop lock table and one session set per server instance.

import { createServer, type Server, type Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import { Pop3Connection, type TlsUpgrader } from './connection.js';
import type { Pop3Backend } from './maildrop.js';
import { type Pop3Log, Pop3Session } from './session.js';
import { DEFAULT_WIRE_LIMITS, type Pop3WireLimits } from './wire/limits.js';

/** RFC 1939 §3: the autologout timer must be at least 10 minutes. */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

export interface Pop3ServerOptions {
  host: string;
  /** STLS port (110); 0 disables it, null picks an ephemeral port. */
  port: number | null;
  /** Implicit TLS port (995); 0 disables it, null picks an ephemeral port. */
  tlsPort: number | null;
  backend: Pop3Backend;
  /** Current TLS context (reloadable certificates); null: no STLS and no 995. */
  secureContext: (() => SecureContext) | null;
  log: Pop3Log;
  hostname: string;
  limits?: Partial<Pop3WireLimits>;
  idleTimeoutMs?: number;
  /** Most simultaneous connections; beyond it new ones get -ERR [SYS/TEMP] and close. */
  maxConnections?: number;
}

export interface Pop3Server {
  listen(): Promise<void>;
  /** Bound ports (after listen), for tests and logs. */
  addresses(): { pop3: number | null; pop3s: number | null };
  /** Stops listening; graceful: sessions are told and closed without deleting. */
  close(graceful: boolean): Promise<void>;
}

function tlsUpgrader(context: () => SecureContext): TlsUpgrader {
  return (socket: Socket) =>
    new Promise<TLSSocket>((resolve, reject) => {
      const secure = new TLSSocket(socket, { isServer: true, secureContext: context() });
      const fail = (err: Error) => {
        secure.destroy();
        reject(err);
      };
      secure.once('error', fail);
      secure.once('secure', () => {
        secure.off('error', fail);
        resolve(secure);
      });
    });
}

export function createPop3Server(opts: Pop3ServerOptions): Pop3Server {
  const limits: Pop3WireLimits = { ...DEFAULT_WIRE_LIMITS, ...opts.limits };
  const idleMs = opts.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const maxConnections = opts.maxConnections ?? 5000;
  const sessions = new Map<Pop3Session, Promise<void>>();
  const upgrade = opts.secureContext ? tlsUpgrader(opts.secureContext) : null;
  let closing = false;

  const accept = (socket: Socket, secure: boolean) => {
    socket.setNoDelay(true);
    socket.on('error', () => {}); // errors end the session through 'close'
    const conn = new Pop3Connection(socket, limits, secure, idleMs);
    if (closing || sessions.size >= maxConnections) {
      void conn.write('-ERR [SYS/TEMP] Too many connections or shutting down, try again later\r\n');
      conn.close();
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

  const servers: { plain: Server | null; tls: Server | null } = { plain: null, tls: null };
  if (opts.port !== 0) servers.plain = createServer((s) => accept(s, false));
  if (opts.tlsPort !== 0 && upgrade) {
    // Implicit TLS (RFC 8314): the same server-side upgrade as STLS, right at accept, so
    // each connection takes the current (reloadable) context, with or without SNI.
    servers.tls = createServer((raw) => {
      raw.on('error', () => {});
      raw.setTimeout(idleMs, () => raw.destroy());
      upgrade(raw).then(
        (secure) => {
          raw.setTimeout(0); // the session's own idle timer takes over
          accept(secure, true);
        },
        () => raw.destroy(), // a failed handshake is the client's problem
      );
    });
  }

  const listenOne = (srv: Server, port: number | null) =>
    new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port ?? 0, opts.host, () => {
        srv.off('error', reject);
        resolve();
      });
    });
  const portOf = (srv: Server | null) => {
    const a = srv?.address();
    return a && typeof a === 'object' ? a.port : null;
  };

  return {
    async listen() {
      if (servers.plain) await listenOne(servers.plain, opts.port);
      if (servers.tls) await listenOne(servers.tls, opts.tlsPort);
      for (const [name, srv] of Object.entries(servers))
        if (srv)
          opts.log.info({ protocol: name === 'tls' ? 'pop3s' : 'pop3', port: portOf(srv) }, 'listening');
    },
    addresses: () => ({ pop3: portOf(servers.plain), pop3s: portOf(servers.tls) }),
    async close(graceful) {
      closing = true;
      const stopped = Object.values(servers).map(
        (srv) => new Promise<void>((resolve) => (srv ? srv.close(() => resolve()) : resolve())),
      );
      for (const s of sessions.keys()) s.shutdown(graceful);
      await Promise.all([...sessions.values()]);
      await Promise.all(stopped);
    },
  };
}
