// `postroom serve`: build the app, start it, run until SIGTERM/SIGINT, then shut down
// cleanly (servers say goodbye, in-flight writes finish, the store closes) and exit 0.
// A second signal while stopping cuts every connection at once and exits 1.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { buildApp } from './app.js';
import type { ServerModule } from './server-module.js';

export interface ServeOptions {
  log: Logger;
  out: (text: string) => void;
  /** Signal source (tests pass an EventEmitter); process by default. */
  signals?: NodeJS.EventEmitter;
  /** Called if a forced stop hangs (process.exit by default). */
  exit?: (code: number) => void;
  /** Protocol servers to run instead of the registry (tests). */
  modules?: readonly ServerModule[];
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export async function runServe(config: Config, opts: ServeOptions): Promise<number> {
  const { log } = opts;
  const signals = opts.signals ?? process;
  const app = await buildApp(config, {
    log,
    out: opts.out,
    ...(opts.modules ? { modules: opts.modules } : {}),
  });
  let received = 0;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  const onSignal = (signal: string) => {
    received++;
    if (received === 1) {
      log.info({ signal }, 'shutting down');
      app.stop({ graceful: true }).then(
        () => resolveStopped(received > 1 ? 1 : 0),
        (e: unknown) => {
          log.error({ err: e }, 'error during shutdown');
          resolveStopped(1);
        },
      );
    } else {
      log.warn({ signal }, 'second signal: closing every connection now');
      const done = () => resolveStopped(1);
      app.stop({ graceful: false }).then(done, done);
      // Whatever still holds the event loop must not keep the process alive.
      setTimeout(() => (opts.exit ?? process.exit)(1), 2000).unref();
    }
  };
  for (const s of SIGNALS) signals.on(s, onSignal);
  try {
    await app.start();
  } catch (e) {
    for (const s of SIGNALS) signals.off(s, onSignal);
    await app.stop({ graceful: false });
    throw e;
  }
  // Hold the process open while serving, even with no listener (all ports 0, or no
  // protocol module built yet): only a signal ends `serve`.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const code = await stopped;
  clearInterval(keepAlive);
  for (const s of SIGNALS) signals.off(s, onSignal);
  return code;
}
