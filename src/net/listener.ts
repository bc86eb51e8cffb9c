// A TCP listener for one protocol port, plain or implicit TLS, with the connection limits
// of limits.ts: per client address (IPv4, or IPv6 /64) and in total, counted on the raw TCP
// connection before any TLS handshake is spent on it. An idle timeout applies until the
// protocol sets its own. close() stops accepting and hands back the open sessions so the
// caller can tell each one goodbye (IMAP BYE, SMTP 421, POP3 -ERR) before they end.

import { once } from 'node:events';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsContextProvider } from '../tls/context.js';
import { createImplicitTlsServer } from '../tls/server.js';
import { clientKey, normalizeAddress } from './address.js';
import { ConnectionCounter } from './counter.js';
import {
  type ConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
  IDLE_TIMEOUTS_MS,
  TLS_HANDSHAKE_TIMEOUT_MS,
} from './limits.js';

export interface ConnectionInfo {
  /** Client address, IPv4-mapped prefix removed. */
  remoteAddress: string;
  remotePort: number;
  /** True on an implicit-TLS listener. */
  secure: boolean;
}

export type RefusalReason = 'per-address' | 'total';

export interface ListenerOptions {
  /** For messages: "imap", "submissions", ... */
  name: string;
  host: string;
  port: number;
  /** Implicit TLS (993, 995, 465) with this provider's certificate. */
  tls?: TlsContextProvider;
  limits?: Partial<Pick<ConnectionLimits, 'perAddress' | 'total'>>;
  /** Idle timeout until the protocol sets its own with socket.setTimeout (0: none). */
  idleTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  onConnection: (socket: Socket | TLSSocket, info: ConnectionInfo) => void;
  /**
   * A plain connection over a limit: the protocol may write its refusal (SMTP "421 4.7.0",
   * IMAP "* BYE [UNAVAILABLE]", POP3 "-ERR [SYS/TEMP]") and must then end the socket.
   * Without it, or on a TLS listener (no handshake is spent on refused clients), the
   * socket is simply destroyed.
   */
  onRefused?: (socket: Socket, reason: RefusalReason, message: string) => void;
  /** Called when the idle timeout fires; default: destroy the socket. */
  onIdle?: (socket: Socket | TLSSocket) => void;
}

export interface Listener {
  readonly name: string;
  readonly address: AddressInfo;
  /** Open connections (including ones still in the TLS handshake). */
  readonly connections: number;
  /** Open connections from one client address. */
  connectionsFrom(remoteAddress: string): number;
  /**
   * Stops accepting and returns the open session sockets (those passed to onConnection);
   * connections still in their TLS handshake are dropped. The caller says goodbye to each.
   */
  close(): (Socket | TLSSocket)[];
  /** Resolves when every connection has closed (after close()). */
  drained(): Promise<void>;
}

export async function listen(options: ListenerOptions): Promise<Listener> {
  const perAddress = new ConnectionCounter(
    options.limits?.perAddress ?? DEFAULT_CONNECTION_LIMITS.perAddress,
  );
  const total = options.limits?.total ?? DEFAULT_CONNECTION_LIMITS.total;
  const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUTS_MS.preAuth;
  const raw = new Set<Socket>();
  const sessions = new Set<Socket | TLSSocket>();
  let closing = false;
  let drainedResolve: (() => void) | null = null;
  const drained = new Promise<void>((r) => (drainedResolve = r));
  const checkDrained = () => {
    if (closing && raw.size === 0) drainedResolve?.();
  };

  const refuse = (socket: Socket, reason: RefusalReason, message: string) => {
    if (options.onRefused && !options.tls) {
      socket.on('error', () => {});
      options.onRefused(socket, reason, message);
      // Whatever the protocol wrote, do not let a refused client linger.
      socket.setTimeout(5000, () => socket.destroy());
    } else socket.destroy();
  };

  // Counting happens on the raw TCP connection, before TLS.
  const onRawConnection = (socket: Socket) => {
    const addr = normalizeAddress(socket.remoteAddress ?? '');
    if (closing) return void socket.destroy();
    if (raw.size >= total)
      return refuse(socket, 'total', `too many connections to ${options.name}, try again later`);
    const release = perAddress.acquire(clientKey(addr));
    if (!release) return refuse(socket, 'per-address', 'too many connections from your address');
    raw.add(socket);
    // A reset connection must never crash the process; 'close' follows and cleans up.
    socket.on('error', () => {});
    socket.once('close', () => {
      release();
      raw.delete(socket);
      checkDrained();
    });
  };

  const startSession = (socket: Socket | TLSSocket, secure: boolean) => {
    if (closing) return void socket.destroy();
    sessions.add(socket);
    socket.once('close', () => sessions.delete(socket));
    if (idleMs > 0) {
      socket.setTimeout(idleMs);
      socket.on('timeout', () => {
        // A protocol that set its own timeout handler keeps it; this is the fallback.
        if (socket.listenerCount('timeout') > 1) return;
        if (options.onIdle) options.onIdle(socket);
        else socket.destroy();
      });
    }
    options.onConnection(socket, {
      remoteAddress: normalizeAddress(socket.remoteAddress ?? ''),
      remotePort: socket.remotePort ?? 0,
      secure,
    });
  };

  let server: Server;
  if (options.tls) {
    server = createImplicitTlsServer(options.tls, (s) => startSession(s, true), {
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS,
    });
    // A failed handshake is the client's problem; never let it reach 'error' on the server.
    server.on('tlsClientError', (_err, socket) => socket.destroy());
    server.prependListener('connection', onRawConnection);
  } else {
    server = createNetServer((s) => {
      onRawConnection(s);
      if (!s.destroyed && raw.has(s)) startSession(s, false);
    });
  }
  server.maxConnections = total + 1; // our own check refuses politely first

  server.listen(options.port, options.host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e))]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'EADDRINUSE'
        ? 'address already in use'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.message;
    throw new Error(`${options.name}: cannot listen on ${options.host}:${options.port}: ${why}`);
  }
  const address = server.address() as AddressInfo;

  return {
    name: options.name,
    address,
    get connections() {
      return raw.size;
    },
    connectionsFrom: (remoteAddress) => perAddress.count(clientKey(remoteAddress)),
    close() {
      closing = true;
      server.close();
      // Connections still in their TLS handshake are not sessions yet: nobody to say goodbye
      // to. A TLS session and its raw socket share the remote address and port.
      const endpoint = (s: Socket) => `${s.remoteAddress}|${s.remotePort}`;
      const live = new Set([...sessions].map(endpoint));
      for (const s of raw) if (!live.has(endpoint(s))) s.destroy();
      checkDrained();
      return [...sessions];
    },
    drained: () => drained,
  };
}
