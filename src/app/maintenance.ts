// Periodic housekeeping the server owns while it runs: today, deleting message bodies
// no message or queued outbound mail references any more (expunged mail, aborted
// uploads). Bodies are written before their row commits, so a crash can leave orphans;
// store.check() reports those at start and this sweep removes them.
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';

export interface MaintenanceOptions {
  /** First sweep after start-up (default 1 minute: let the server settle). */
  firstDelayMs?: number;
  /** Between sweeps (default 1 hour: garbage is cheap to keep, scans are not free). */
  intervalMs?: number;
}

/** Starts the sweeps; returns a stop function that waits for a sweep in progress. */
export function startMaintenance(
  store: Store,
  log: Logger,
  opts: MaintenanceOptions = {},
): () => Promise<void> {
  const firstDelayMs = opts.firstDelayMs ?? 60_000;
  const intervalMs = opts.intervalMs ?? 3_600_000;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const sweep = async () => {
    const started = Date.now();
    try {
      const removed = await store.blobs.collectGarbage();
      if (removed > 0) log.info({ removed, ms: Date.now() - started }, 'removed unreferenced message bodies');
    } catch (err) {
      log.error({ err }, 'garbage collection of message bodies failed');
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().then(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(firstDelayMs);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
