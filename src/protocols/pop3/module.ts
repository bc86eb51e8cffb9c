// The POP3 server as the app starts it (src/app/registry.ts): ports pop3 (110, STLS)
// and pop3s (995, implicit TLS), built from the shared services.

import type { ServerDeps, ServerModule } from '../../app/server-module.js';
import { LeaseKeeper } from '../../core/leases.js';
import { startPopRetention } from '../../core/pop-retention.js';
import { CorePop3Backend } from './core-backend.js';
import { createPop3Server } from './server.js';

/** How often the pop.deleteAfterDays rule runs (its unit is days: hourly is plenty). */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export const pop3Module: ServerModule = {
  name: 'pop3',
  ports: ['pop3', 'pop3s'],
  create(deps: ServerDeps) {
    const core = deps.core.mail;
    let stopRetention: (() => void) | null = null;
    // Maildrop locks are store leases: exclusive across every process on the store.
    const lockMs = deps.config.limits.pop3LockSeconds * 1000;
    const locks = new LeaseKeeper(deps.core.store.leases, {
      ttlMs: lockMs,
      renewMs: lockMs / 3,
      onError: (err) => deps.log.warn({ err }, 'pop3 maildrop lock renewal failed'),
      onLost: (name) => deps.log.warn({ lock: name }, 'pop3 maildrop lock lost (process stalled too long)'),
    });
    const backend = new CorePop3Backend({ core, auth: deps.auth, locks, log: deps.log });
    const server = createPop3Server({
      pop3: deps.bindAddress('pop3'),
      pop3s: deps.bindAddress('pop3s'),
      backend,
      tls: deps.tls,
      log: deps.log,
      hostname: deps.config.hostname,
      connectionLimits: deps.config.limits.connections,
    });
    return {
      async listen() {
        const bound = await server.listen();
        stopRetention = startPopRetention(core, RETENTION_INTERVAL_MS, (err) =>
          deps.log.error({ err }, 'pop3 retention run failed'),
        );
        return bound.map((b) => ({
          port: b.name,
          host: b.host,
          boundPort: b.port,
          tls: b.name === 'pop3s' ? ('implicit' as const) : ('starttls' as const),
        }));
      },
      close(graceful) {
        stopRetention?.();
        stopRetention = null;
        return server.close(graceful);
      },
      sessionCount: () => server.sessionCount(),
    };
  },
};
