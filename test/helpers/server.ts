// startTestServer(): the whole app in this process, on a fresh temporary data dir, with
// every listener on an ephemeral port on 127.0.0.1, and a test user ready to log in.
// Protocol tests drive it with real clients:
//
//   const srv = await startTestServer();
//   after(() => srv.stop());
//   const client = new ImapFlow({ host: srv.host, port: srv.ports.imap, auth: { user: srv.user.address, pass: srv.user.password }, ... });
//
// Nothing sleeps: start() resolves once every listener accepts connections.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from '../../src/app/admin.js';
import { type App, buildApp } from '../../src/app/app.js';
import { createAdmin } from '../../src/app/open-admin.js';
import type { ServerModule } from '../../src/app/server-module.js';
import type { Core } from '../../src/app/services.js';
import { generatePassword } from '../../src/auth/password-policy.js';
import { loadConfig } from '../../src/config/load.js';
import { PORT_NAMES, type PortName } from '../../src/config/ports.js';
import type { Config } from '../../src/config/schema.js';
import type { PlainObject } from '../../src/util/deep-merge.js';
import { type MemoryLog, memoryLogger } from './log.js';

export interface TestServerOptions {
  /** Listeners to leave off (all others are on). */
  disable?: PortName[];
  /** Protocol modules to run instead of the registry (e.g. just the one under test). */
  modules?: readonly ServerModule[];
  /** Extra configuration (same shape as a --config file). */
  config?: PlainObject;
  hostname?: string;
  /** Address of the test user (default test@example.test). */
  userAddress?: string;
}

export interface TestServer {
  host: '127.0.0.1';
  /** Bound port of each running listener. */
  ports: Partial<Record<PortName, number>>;
  user: { address: string; password: string };
  app: App;
  core: Core;
  config: Config;
  dataDir: string;
  /** Users, aliases, domains, app passwords: the same calls the CLI makes. */
  admin: Admin;
  /** Everything logged so far (info and above). */
  logs: MemoryLog['records'];
  /** Stops the app (gracefully) and removes the data dir. */
  stop(): Promise<void>;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'postroom-test-'));
  const disabled = new Set(opts.disable ?? []);
  // Any non-zero port enables a listener; ephemeralPorts makes each bind to port 0.
  const ports = Object.fromEntries(PORT_NAMES.map((p) => [p, disabled.has(p) ? 0 : 1]));
  const config = loadConfig({
    overrides: {
      ...opts.config,
      hostname: opts.hostname ?? 'mail.example.test',
      dataDir,
      host: '127.0.0.1',
      ports,
      log: { level: 'info', format: 'json' },
    },
  });
  const memory = memoryLogger('info');
  let app: App;
  try {
    app = await buildApp(config, {
      log: memory.log,
      firstAccount: false,
      ephemeralPorts: true,
      out: () => {},
      ...(opts.modules ? { modules: opts.modules } : {}),
    });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  const admin = createAdmin(app.store.accounts, async () => {});
  const user = { address: opts.userAddress ?? 'test@example.test', password: generatePassword() };
  let listeners: Awaited<ReturnType<App['start']>>;
  try {
    await admin.addUser(user.address, user.password);
    listeners = await app.start();
  } catch (e) {
    await app.stop({ graceful: false });
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    host: '127.0.0.1',
    ports: Object.fromEntries(listeners.map((l) => [l.port, l.boundPort])),
    user,
    app,
    core: app.core,
    config,
    dataDir,
    admin,
    logs: memory.records,
    async stop() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
