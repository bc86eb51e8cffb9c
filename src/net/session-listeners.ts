// The listener side shared by the session protocols (IMAP, POP3): the plain + implicit-TLS
// pair (listener-pair.ts) with the connection limits and the pre-login idle timeout, a
// polite refusal written in the protocol's words (over a limit, or arriving during
// shutdown), and the set of open sessions, each told goodbye on close.

import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsContextProvider } from '../tls/context.js';
import type { ConnectionLimits } from './limits.js';
import type { ConnectionInfo, Listener } from './listener.js';
import { type BindSpec, listenPair } from './listener-pair.js';
import { destroyAfterGrace } from './socket-events.js';

/** What the listeners need of a session. */
export interface ListenedSession {
  /** Server shutdown: graceful says goodbye first, otherwise the connection is cut. */
  shutdown(graceful: boolean): void;
}

export interface SessionListenersOptions<S extends ListenedSession> {
  names: { plain: string; tls: string };
  /** null disables that listener; the TLS one is also off without a provider. */
  bind: { plain: BindSpec | null; tls: BindSpec | null };
  tls: TlsContextProvider | null;
  /** Idle timeout until the session sets its own (before login). */
  idleTimeoutMs: number;
  connectionLimits?: Partial<Pick<ConnectionLimits, 'perAddress' | 'total'>> | undefined;
  /** The protocol's refusal line (IMAP `* BYE [UNAVAILABLE] ...`, POP3 `-ERR [SYS/TEMP] ...`). */
  refusal(message: string): string | Buffer;
  /** Starts a session on an accepted connection; `done` settles when it has ended. */
  start(socket: Socket | TLSSocket, info: ConnectionInfo): { session: S; done: Promise<void> };
}

export interface BoundSessionListener {
  name: string;
  host: string;
  port: number;
}

export class SessionListeners<S extends ListenedSession> {
  private readonly listeners: Listener[] = [];
  private readonly open = new Map<S, Promise<void>>();
  private closing = false;

  constructor(private readonly opts: SessionListenersOptions<S>) {}

  async listen(): Promise<BoundSessionListener[]> {
    const o = this.opts;
    this.listeners.push(
      ...(await listenPair(o.names, o.bind, o.tls, {
        idleTimeoutMs: o.idleTimeoutMs,
        ...(o.connectionLimits ? { limits: o.connectionLimits } : {}),
        onRefused: (socket, _reason, message) => socket.end(o.refusal(message)),
        onConnection: (socket, info) => this.accept(socket, info),
      })),
    );
    return this.listeners.map((l) => ({ name: l.name, host: l.address.address, port: l.address.port }));
  }

  /** The bound port of a listener (after listen), or null when it is off. */
  port(name: string): number | null {
    return this.listeners.find((l) => l.name === name)?.address.port ?? null;
  }

  get sessionCount(): number {
    return this.open.size;
  }

  sessions(): IterableIterator<S> {
    return this.open.keys();
  }

  /** Stops accepting, tells every session goodbye (or cuts it), and resolves once the
   *  sessions have ended and every connection is closed. */
  async close(graceful: boolean): Promise<void> {
    this.closing = true;
    for (const l of this.listeners) l.close();
    for (const s of this.open.keys()) s.shutdown(graceful);
    await Promise.all(this.open.values());
    await Promise.all(this.listeners.map((l) => l.drained()));
    this.listeners.length = 0;
  }

  private accept(socket: Socket | TLSSocket, info: ConnectionInfo): void {
    socket.setNoDelay(true);
    if (this.closing) {
      socket.end(this.opts.refusal('Server shutting down, try again later'));
      destroyAfterGrace(socket);
      return;
    }
    const { session, done } = this.opts.start(socket, info);
    // A session logs its own failures; a rejection here must not become unhandled.
    const ended = done.catch(() => {}).finally(() => this.open.delete(session));
    this.open.set(session, ended);
  }
}
