// A Pop3Target over the in-memory backend (used until/unless the whole app is wanted).
import { startMemoryPop3 } from './memory-server.js';
import type { Pop3Target } from './target.js';

export async function memoryTarget(): Promise<Pop3Target> {
  const srv = await startMemoryPop3();
  const user = 'alice@example.test';
  return {
    port: srv.port,
    tlsPort: srv.tlsPort,
    user,
    password: 'Secret-1',
    deliver: async (bytes) => srv.backend.deliver(user, bytes),
    expunge: async (uidl) => srv.backend.expunge(user, uidl),
    inbox: async () => srv.backend.users.get(user)!.messages.map((m) => m.uidl),
    close: () => srv.close(),
  };
}
