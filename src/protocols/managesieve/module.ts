// The ManageSieve server as the app starts it (src/app/registry.ts): port 4190 with STARTTLS.
import type { ServerDeps, ServerModule } from '../../app/server-module.js';
import { createManageSieveServer } from './server.js';

export const manageSieveModule: ServerModule = {
  name: 'managesieve',
  ports: ['managesieve'],
  create(deps: ServerDeps) {
    const bind = deps.bindAddress('managesieve');
    const server = bind
      ? createManageSieveServer({
          bind,
          sieve: deps.core.mail.sieve,
          auth: deps.auth,
          tls: deps.tls,
          hostname: deps.config.hostname,
          log: deps.log,
        })
      : null;
    return {
      async listen() {
        if (!server) return [];
        const b = await server.listen();
        return [{ port: 'managesieve' as const, host: b.host, boundPort: b.port, tls: 'starttls' as const }];
      },
      close: (graceful) => server?.close(graceful) ?? Promise.resolve(),
      sessionCount: () => server?.sessionCount() ?? 0,
    };
  },
};
