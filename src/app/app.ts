// The composition root: from a Config to running servers. It picks the store, builds the
// core, the authenticator and the TLS provider, hands them to every protocol server in
// the registry, and owns start-up and shutdown order:
//   start: data dir -> store (+ crash check) -> core/auth/tls -> first account -> listeners
//   stop:  listeners stop accepting + sessions told goodbye (bounded wait) -> TLS watch -> store
// Nothing here is global: two apps can run in one process (tests do).
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { firstRunBanner } from './banner.js';
import { prepareDataDir } from './data-dir.js';
import { startMaintenance } from './maintenance.js';
import { SERVER_MODULES } from './registry.js';
import type { BoundListener, ServerModule } from './server-module.js';
import { type RunningServer, startServers, stopServers } from './servers.js';
import { openServices, type Services } from './services.js';

export interface BuildOptions {
  log: Logger;
  /** Protocol servers to start; the registry by default. */
  modules?: readonly ServerModule[];
  /** Where the first-start banner goes (stdout by default). */
  out?: (text: string) => void;
  /** Create postmaster@hostname when there is no user (default true). */
  firstAccount?: boolean;
  /** Bind every enabled listener to an OS-chosen free port (tests). */
  ephemeralPorts?: boolean;
}

export interface App extends Services {
  config: Config;
  log: Logger;
  /** Servers started by start(), in order. */
  readonly servers: readonly RunningServer[];
  /** Starts every enabled listener; resolves with them once all accept connections. */
  start(): Promise<BoundListener[]>;
  /** Graceful shutdown (see the file comment). Safe to call more than once. */
  stop(opts?: { graceful?: boolean }): Promise<void>;
}

export async function buildApp(config: Config, opts: BuildOptions): Promise<App> {
  const log = opts.log;
  await prepareDataDir(config.dataDir);
  const services = await openServices(config, log);
  const modules = opts.modules ?? SERVER_MODULES;
  let servers: RunningServer[] = [];
  let stopping: Promise<void> | null = null;
  let starting: Promise<unknown> = Promise.resolve();
  let forced = false;
  let stopMaintenance: (() => Promise<void>) | null = null;

  const app: App = {
    ...services,
    config,
    log,
    get servers() {
      return servers;
    },
    start() {
      const started = startApp();
      starting = started.catch(() => {});
      return started;
    },
    async stop({ graceful = true } = {}) {
      if (stopping && !graceful) {
        // Already stopping gracefully and asked again: cut every connection now.
        forced = true;
        await starting;
        await Promise.all(servers.map((s) => s.server.close(false)));
        return stopping;
      }
      stopping ??= (async () => {
        // A signal during start-up: let the listeners come up, then close them all.
        await starting;
        log.info({ graceful }, 'stopping');
        await stopServers(servers, {
          graceful: graceful && !forced,
          timeoutMs: config.limits.shutdownTimeoutMs,
          log,
        });
        await stopMaintenance?.();
        await services.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };

  async function startApp(): Promise<BoundListener[]> {
    const created = opts.firstAccount === false ? null : await services.ensureFirstAccount();
    servers = await startServers(
      modules,
      {
        config,
        core: services.core,
        auth: services.auth,
        tls: services.tls,
        ephemeralPorts: opts.ephemeralPorts === true,
      },
      log,
    );
    stopMaintenance = startMaintenance(services.store, log.child({ subsystem: 'maintenance' }));
    const listeners = servers.flatMap((s) => s.listeners);
    if (created) {
      const bound = Object.fromEntries(listeners.map((l) => [l.port, l.boundPort]));
      (opts.out ?? ((t: string) => process.stdout.write(t)))(firstRunBanner(config, created, bound));
    }
    log.info({ listeners: listeners.length, hostname: config.hostname, dataDir: config.dataDir }, 'ready');
    return listeners;
  }
  return app;
}
