// The contract between the composition root (app/) and each protocol server
// (protocols/*/server.ts, http/server.ts). A protocol exports one ServerModule; app/
// lists the modules in ./registry.ts, builds each with its dependencies, starts it,
// logs one line per bound listener and closes it on shutdown.
//
// Protocol code may `import type` from this file only (it holds no code).

import type { Authenticator } from '../auth/authenticator.js';
import type { PortName, TlsMode } from '../config/ports.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { TlsContextProvider } from '../tls/context.js';
import type { Core } from './services.js';

/** Everything a protocol server is given. Added to as shared services land on main. */
/**
 * Type parameters let a module ask only for what it uses (e.g. `{ store; mail }`); the
 * app passes its full objects (Core, Authenticator, TlsContextProvider), which must fit.
 */
export interface ServerDeps<C = Core, A = Authenticator, T = TlsContextProvider> {
  config: Config;
  /** Already a child logger with { subsystem: module name }. */
  log: Logger;
  /** The mail core (src/core). */
  core: C;
  /** Password / app-password checks with throttling (src/auth/authenticator.ts). */
  auth: A;
  /** Current TLS secure context, reloaded when the certificate files change (src/tls). */
  tls: T;
  /**
   * Where to bind a port: null when disabled (config.ports[p] === 0), else host and port.
   * Use this, not config.ports directly: tests ask for ephemeral ports (port 0 here).
   */
  bindAddress(port: PortName): { host: string | undefined; port: number } | null;
}

/** One socket the server is accepting on. */
export interface BoundListener {
  /** Which configured port this is (config.ports[port]). */
  port: PortName;
  host: string;
  /** The actual port (differs from the configured one when that was an ephemeral request). */
  boundPort: number;
  tls: TlsMode;
}

export interface ProtocolServer {
  /**
   * Binds every enabled port of the module (deps.bindAddress(p) !== null) and resolves once all
   * accept connections; rejects (e.g. EADDRINUSE) having closed what it opened.
   */
  listen(): Promise<BoundListener[]>;
  /**
   * Stops accepting. graceful: tells each session goodbye (IMAP `* BYE`, SMTP 421, POP3
   * -ERR), lets in-flight writes and deliveries finish, then resolves. Not graceful: cuts
   * every connection at once. Safe to call twice.
   */
  close(graceful: boolean): Promise<void>;
  /** Open sessions, for shutdown logs and tests. */
  sessionCount?(): number;
}

export interface ServerModule<C = Core, A = Authenticator, T = TlsContextProvider> {
  /** Short name for logs: 'imap', 'pop3', 'smtp', 'http', 'managesieve'. */
  name: string;
  /** The config ports this module serves, e.g. ['imap', 'imaps']. */
  ports: readonly PortName[];
  create(deps: ServerDeps<C, A, T>): ProtocolServer;
}
