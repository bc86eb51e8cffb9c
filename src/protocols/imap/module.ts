// The IMAP server as the app starts it (src/app/registry.ts): ports imap (143, STARTTLS)
// and imaps (993, implicit TLS), built from the shared services.

import type { ServerDeps, ServerModule } from '../../app/server-module.js';
import type { Authenticator } from '../../auth/authenticator.js';
import { createCore, type MailCore } from '../../core/index.js';
import type { Store } from '../../store/types.js';
import type { TlsContextProvider } from '../../tls/context.js';
import { imapLimitsFromConfig } from './limits.js';
import { createImapServer } from './server.js';

/** While the app hands over only the store and accounts, a core is built on that store
 *  (the core holds no state: both see the same data and change feed). */
function imapCore(core: MailCore | { store: Store }, maxMessageSize: number): MailCore {
  return 'messages' in core ? core : createCore({ store: core.store, limits: { maxMessageSize } });
}

export const imapModule: ServerModule<MailCore | { store: Store }, Authenticator, TlsContextProvider> = {
  name: 'imap',
  ports: ['imap', 'imaps'],
  create(deps: ServerDeps<MailCore | { store: Store }, Authenticator, TlsContextProvider>) {
    const server = createImapServer({
      imap: deps.bindAddress('imap'),
      imaps: deps.bindAddress('imaps'),
      core: imapCore(deps.core, deps.config.limits.maxMessageBytes),
      auth: deps.auth,
      tls: deps.tls,
      log: deps.log,
      hostname: deps.config.hostname,
      limits: imapLimitsFromConfig(deps.config.limits),
      connectionLimits: deps.config.limits.connections,
      autoSubscribe: deps.config.imap.autoSubscribe,
    });
    return {
      async listen() {
        const bound = await server.listen();
        return bound.map((b) => ({
          port: b.name,
          host: b.host,
          boundPort: b.port,
          tls: b.name === 'imaps' ? ('implicit' as const) : ('starttls' as const),
        }));
      },
      close: (graceful) => server.close(graceful),
      sessionCount: () => server.sessionCount(),
    };
  },
};
