// Starting and stopping the protocol servers listed in the registry: one structured log
// line per listener once it accepts connections; on stop, graceful close bounded by a
// timeout, after which connections are cut.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { listenError } from './errors.js';
import type { BoundListener, ProtocolServer, ServerDeps, ServerModule } from './server-module.js';

export interface RunningServer {
  name: string;
  server: ProtocolServer;
  listeners: BoundListener[];
}

type SharedDeps = Omit<ServerDeps, 'log' | 'bindAddress'> & {
  /** Bind every enabled port to port 0 (the OS picks a free one): tests. */
  ephemeralPorts?: boolean;
};

/** deps.bindAddress for a config. */
export function bindAddressFor(config: Config, ephemeral: boolean): ServerDeps['bindAddress'] {
  return (port) =>
    config.ports[port] === 0 ? null : { host: config.host, port: ephemeral ? 0 : config.ports[port] };
}

/** Modules with at least one enabled port. */
export function enabledModules(modules: readonly ServerModule[], config: Config): ServerModule[] {
  return modules.filter((m) => m.ports.some((p) => config.ports[p] !== 0));
}

/**
 * Starts each enabled module in turn. If one fails (e.g. port in use), the ones already
 * started are closed and the error is rethrown, naming the listener when it can.
 */
export async function startServers(
  modules: readonly ServerModule[],
  deps: SharedDeps,
  log: Logger,
): Promise<RunningServer[]> {
  const running: RunningServer[] = [];
  for (const module of enabledModules(modules, deps.config)) {
    const { ephemeralPorts, ...shared } = deps;
    const server = module.create({
      ...shared,
      log: log.child({ subsystem: module.name }),
      bindAddress: bindAddressFor(deps.config, ephemeralPorts === true),
    });
    let listeners: BoundListener[];
    try {
      listeners = await server.listen();
    } catch (e) {
      await stopServers(running, { graceful: false, timeoutMs: 0, log });
      const err = e as { port?: number; address?: string };
      const port = err.port ?? deps.config.ports[module.ports[0]!];
      throw listenError(e, module.name, err.address ?? deps.config.host, port);
    }
    for (const l of listeners) {
      log.info(
        { subsystem: module.name, listener: l.port, host: l.host, port: l.boundPort, tls: l.tls },
        'listening',
      );
    }
    running.push({ name: module.name, server, listeners });
  }
  return running;
}

export interface StopOptions {
  graceful: boolean;
  /** After this, a graceful close becomes a hard one. */
  timeoutMs: number;
  log: Logger;
}

/** Closes every server at once; graceful ones get timeoutMs before their connections are cut. */
export async function stopServers(running: readonly RunningServer[], opts: StopOptions): Promise<void> {
  await Promise.all(
    running.map(async ({ name, server }) => {
      if (!opts.graceful) {
        await server.close(false);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
      });
      try {
        const result = await Promise.race([server.close(true).then(() => 'closed' as const), timedOut]);
        if (result === 'timeout') {
          opts.log.warn(
            { subsystem: name, timeoutMs: opts.timeoutMs },
            'sessions still open after the shutdown timeout; closing them',
          );
          await server.close(false);
        }
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
