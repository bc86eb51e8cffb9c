// A TCP listener for one protocol port, plain or implicit TLS, with the connection limits
// of limits.ts: per client address (IPv4, or IPv6 /64) and in total, counted before any
// TLS handshake is spent on a connection. Behind a load balancer, connections from the
// configured proxies start with a PROXY protocol header giving the real client address.
// An idle timeout applies until the protocol sets its own. close() stops accepting and
// hands back the open sessions so the caller can tell each one goodbye (IMAP BYE, SMTP
// 421, POP3 -ERR) before they end.
//
// Per connection: accept -> total limit -> [PROXY header] -> per-address limit ->
// [TLS handshake] -> onConnection. Use `info.remoteAddress`, not socket.remoteAddress,
// which is the proxy's address behind a load balancer.

import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsContextProvider } from '../tls/context.js';
import { upgradeToTls } from '../tls/server.js';
import { clientKey, normalizeAddress } from './address.js';
import { ConnectionCounter } from './counter.js';
import {
  type ConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
  IDLE_TIMEOUTS_MS,
  TLS_HANDSHAKE_TIMEOUT_MS,
} from './limits.js';
import { readProxyHeader } from './proxy-reader.js';

export interface ConnectionInfo {
  /** Client address (from the PROXY header behind a proxy), IPv4-mapped prefix removed. */
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
  /**
   * Addresses of load balancers that send a PROXY protocol header (v1 or v2). Connections
   * from them must start with one; from anyone else a header is not expected.
   */
  trustedProxies?: readonly string[];
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
  /** A connection dropped before it became a session (bad PROXY header, TLS handshake). */
  onDropped?: (remoteAddress: string, error: Error) => void;
}

export interface Listener {
  readonly name: string;
  readonly address: AddressInfo;
  /** Open connections (including ones not yet handed to onConnection). */
  readonly connections: number;
  /** Open connections from one client address. */
  connectionsFrom(remoteAddress: string): number;
  /**
   * Stops accepting and returns the open session sockets (those passed to onConnection);
   * connections not yet sessions (PROXY header, TLS handshake) are dropped. The caller
   * says goodbye to each session.
   */
  close(): (Socket | TLSSocket)[];
  /** Resolves when every connection has closed (after close()). */
  drained(): Promise<void>;
}

/** A refused client gets this long to read the refusal before it is cut off. */
const REFUSAL_LINGER_MS = 5000;

export async function listen(options: ListenerOptions): Promise<Listener> {
  const perAddress = new ConnectionCounter(
    options.limits?.perAddress ?? DEFAULT_CONNECTION_LIMITS.perAddress,
  );
  const total = options.limits?.total ?? DEFAULT_CONNECTION_LIMITS.total;
  const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUTS_MS.preAuth;
  const proxies = new Set((options.trustedProxies ?? []).map(normalizeAddress));
  /** Every accepted TCP connection, with its session socket once it has one. */
  const open = new Map<Socket, Socket | TLSSocket | null>();
  let closing = false;
  let drainedResolve: (() => void) | null = null;
  const drained = new Promise<void>((r) => (drainedResolve = r));
  const checkDrained = () => {
    if (closing && open.size === 0) drainedResolve?.();
  };

  const refuse = (socket: Socket, reason: RefusalReason, message: string) => {
    if (options.onRefused && !options.tls) {
      options.onRefused(socket, reason, message);
      // Whatever the protocol wrote, do not let a refused client linger.
      socket.setTimeout(REFUSAL_LINGER_MS, () => socket.destroy());
    } else socket.destroy();
  };

  const startSession = (socket: Socket | TLSSocket, info: ConnectionInfo) => {
    if (idleMs > 0) {
      socket.setTimeout(idleMs);
      socket.on('timeout', () => {
        // A protocol that set its own timeout handler keeps it; this is the fallback.
        if (socket.listenerCount('timeout') > 1) return;
        if (options.onIdle) options.onIdle(socket);
        else socket.destroy();
      });
    }
    options.onConnection(socket, info);
  };

  const accept = async (socket: Socket) => {
    // A reset connection must never crash the process; 'close' follows and cleans up.
    socket.on('error', () => {});
    if (closing) return void socket.destroy();
    if (open.size >= total)
      return refuse(socket, 'total', `too many connections to ${options.name}, try again later`);
    open.set(socket, null);
    let release: (() => void) | null = null;
    socket.once('close', () => {
      release?.();
      open.delete(socket);
      checkDrained();
    });

    let remoteAddress = normalizeAddress(socket.remoteAddress ?? '');
    let remotePort = socket.remotePort ?? 0;
    try {
      if (proxies.has(remoteAddress)) {
        const client = await readProxyHeader(socket);
        if (client) {
          remoteAddress = normalizeAddress(client.address);
          remotePort = client.port;
        }
      }
      if (socket.destroyed) return;
      release = perAddress.acquire(clientKey(remoteAddress));
      if (!release) return refuse(socket, 'per-address', 'too many connections from your address');
      const session = options.tls
        ? await upgradeToTls(socket, options.tls, {
            handshakeTimeoutMs: options.handshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS,
          })
        : socket;
      if (closing || socket.destroyed) return void session.destroy();
      open.set(socket, session);
      startSession(session, { remoteAddress, remotePort, secure: Boolean(options.tls) });
    } catch (e) {
      socket.destroy();
      options.onDropped?.(remoteAddress, e instanceof Error ? e : new Error(String(e)));
    }
  };

  const server = createServer((socket) => void accept(socket));
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
    // Keep the errno code: the app turns EADDRINUSE/EACCES into one-line operator errors.
    throw Object.assign(
      new Error(`${options.name}: cannot listen on ${options.host}:${options.port}: ${why}`),
      {
        code: err.code,
        port: options.port,
        address: options.host,
        cause: err,
      },
    );
  }
  const address = server.address() as AddressInfo;

  return {
    name: options.name,
    address,
    get connections() {
      return open.size;
    },
    connectionsFrom: (remoteAddress) => perAddress.count(clientKey(remoteAddress)),
    close() {
      closing = true;
      server.close();
      const sessions: (Socket | TLSSocket)[] = [];
      for (const [raw, session] of open) {
        if (session) sessions.push(session);
        else raw.destroy(); // not a session yet: nobody to say goodbye to
      }
      checkDrained();
      return sessions;
    },
    drained: () => drained,
  };
}
