// The ManageSieve listener (RFC 5804, port 4190, STARTTLS) on src/net's listener.
import type { Socket } from 'node:net';
import type { Authenticator } from '../../auth/authenticator.js';
import type { SieveService } from '../../core/sieve.js';
import { IDLE_TIMEOUTS_MS } from '../../net/limits.js';
import { type Listener, listen } from '../../net/listener.js';
import type { TlsContextProvider } from '../../tls/context.js';
import { upgradeToTls } from '../../tls/server.js';
import { ManageSieveSession, type SessionLog } from './session.js';
import { status } from './wire/response.js';

/** RFC 5804 sets no idle rule: src/net's table decides. */
const IDLE_MS = IDLE_TIMEOUTS_MS.sieve;

export interface ManageSieveServerOptions {
  bind: { host: string | undefined; port: number };
  sieve: SieveService;
  auth: Authenticator;
  tls: TlsContextProvider | null;
  hostname: string;
  log: SessionLog;
  idleMs?: number;
}

export interface ManageSieveServer {
  listen(): Promise<{ host: string; port: number }>;
  close(graceful: boolean): Promise<void>;
  sessionCount(): number;
}

export function createManageSieveServer(opts: ManageSieveServerOptions): ManageSieveServer {
  const sessions = new Map<ManageSieveSession, Promise<void>>();
  let listener: Listener | null = null;
  const provider = opts.tls;
  return {
    async listen() {
      listener = await listen({
        name: 'managesieve',
        host: opts.bind.host ?? '::',
        port: opts.bind.port,
        idleTimeoutMs: opts.idleMs ?? IDLE_MS,
        onRefused: (socket: Socket, _r, message) => socket.end(status('BYE', message, 'TRYLATER')),
        onConnection: (socket, info) => {
          const session = new ManageSieveSession(socket, {
            sieve: opts.sieve,
            auth: opts.auth,
            hostname: opts.hostname,
            remoteAddress: info.remoteAddress,
            secure: false,
            upgrade: provider ? (s) => upgradeToTls(s, provider) : null,
            log: opts.log,
            idleMs: opts.idleMs ?? IDLE_MS,
          });
          const done = session
            .start()
            .catch((err) => opts.log.warn({ err: String(err) }, 'managesieve session failed'))
            .finally(() => sessions.delete(session));
          sessions.set(session, done);
        },
      });
      return { host: listener.address.address, port: listener.address.port };
    },
    async close(graceful) {
      const l = listener;
      listener = null;
      if (!l) return;
      for (const s of l.close()) {
        if (graceful) s.end(status('BYE', 'Server shutting down', 'TRYLATER'));
        else s.destroy();
      }
      await Promise.allSettled([...sessions.values()]);
      await l.drained();
    },
    sessionCount: () => sessions.size,
  };
}
