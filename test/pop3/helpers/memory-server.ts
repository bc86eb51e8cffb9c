// Starts the POP3 server on ephemeral loopback ports with a MemoryBackend.

import {
  createPop3Server,
  type Pop3Server,
  type Pop3ServerOptions,
} from '../../../src/protocols/pop3/server.js';
import { MemoryBackend } from './memory-backend.js';
import { silentLog } from './silent-log.js';
import { testTlsProvider } from './tls.js';

export interface MemoryPop3 {
  backend: MemoryBackend;
  server: Pop3Server;
  port: number;
  tlsPort: number;
  close(): Promise<void>;
}

export async function startMemoryPop3(
  extra: Partial<Pop3ServerOptions> = {},
  host = '127.0.0.1',
): Promise<MemoryPop3> {
  const backend = new MemoryBackend();
  backend.addUser('alice@example.test', 'Secret-1');
  const server = createPop3Server({
    pop3: { host, port: 0 },
    pop3s: { host, port: 0 },
    backend,
    tls: await testTlsProvider(),
    log: silentLog,
    hostname: 'mail.example.test',
    ...extra,
  });
  await server.listen();
  const a = server.addresses();
  return { backend, server, port: a.pop3!, tlsPort: a.pop3s ?? 0, close: () => server.close(true) };
}
