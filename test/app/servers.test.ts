// Starting and stopping protocol servers through the registry contract, with a real TCP
// server module: one log line per listener, port-in-use as a clear error, graceful close
// says goodbye, and a session that will not finish is cut after the timeout.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { StartupError } from '../../src/app/errors.js';
import type { BoundListener, ServerModule } from '../../src/app/server-module.js';
import { enabledModules, startServers } from '../../src/app/servers.js';
import { loadConfig } from '../../src/config/load.js';
import type { PortName } from '../../src/config/ports.js';
import { memoryLogger } from '../helpers/log.js';
import { freePort } from '../helpers/ports.js';
import { startTestServer } from '../helpers/server.js';

/** A tiny line server: greets, and on graceful close says BYE unless `stubborn`. */
function lineModule(name: string, ports: PortName[], opts: { stubborn?: boolean } = {}): ServerModule {
  return {
    name,
    ports,
    create({ bindAddress }) {
      const servers: Server[] = [];
      const sockets = new Set<Socket>();
      return {
        async listen() {
          const bound: BoundListener[] = [];
          try {
            for (const p of ports) {
              const where = bindAddress(p);
              if (where === null) continue;
              const server = createServer((s) => {
                sockets.add(s);
                s.on('close', () => sockets.delete(s));
                s.write(`${name} ready\r\n`);
              });
              servers.push(server);
              server.listen(where.port, where.host);
              await Promise.race([
                once(server, 'listening'),
                once(server, 'error').then(([e]) => Promise.reject(e)),
              ]);
              const addr = server.address();
              if (addr === null || typeof addr === 'string') throw new Error('no address');
              bound.push({ port: p, host: addr.address, boundPort: addr.port, tls: 'none' });
            }
          } catch (e) {
            for (const s of servers) s.close();
            throw e;
          }
          return bound;
        },
        async close(graceful) {
          const closed = Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
          for (const s of sockets) {
            if (!graceful) s.destroy();
            else if (!opts.stubborn) s.end('BYE\r\n');
          }
          await closed;
        },
        sessionCount: () => sockets.size,
      };
    },
  };
}

function config(ports: Partial<Record<PortName, number>>) {
  const off = {
    smtp: 0,
    submission: 0,
    submissions: 0,
    imap: 0,
    imaps: 0,
    pop3: 0,
    pop3s: 0,
    http: 0,
    https: 0,
    managesieve: 0,
  };
  return loadConfig({
    overrides: { host: '127.0.0.1', ports: { ...off, ...ports }, limits: { shutdownTimeoutMs: 200 } },
  });
}

async function connect(port: number): Promise<{ socket: Socket; lines: string[]; ended: Promise<void> }> {
  const socket = createConnection({ port, host: '127.0.0.1' });
  const lines: string[] = [];
  let buf = '';
  socket.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 2);
    }
  });
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await once(socket, 'data');
  return { socket, lines, ended };
}

test('modules with every port at 0 are not started', () => {
  const c = config({ imap: 0, pop3: 5 });
  const names = enabledModules([lineModule('imap', ['imap', 'imaps']), lineModule('pop3', ['pop3'])], c).map(
    (m) => m.name,
  );
  assert.deepEqual(names, ['pop3']);
});

test('one structured log line per listener; graceful stop says goodbye', async () => {
  const srv = await startTestServer({
    modules: [lineModule('a', ['imap', 'imaps']), lineModule('b', ['pop3']), lineModule('c', ['smtp'])],
    disable: ['smtp'],
  });
  const listening = srv.logs().filter((r) => r.msg === 'listening');
  assert.deepEqual(
    listening.map((r) => [r.subsystem, r.listener, r.host, r.tls]),
    [
      ['a', 'imap', '127.0.0.1', 'none'],
      ['a', 'imaps', '127.0.0.1', 'none'],
      ['b', 'pop3', '127.0.0.1', 'none'],
    ],
  );
  assert.deepEqual(Object.keys(srv.ports).sort(), ['imap', 'imaps', 'pop3']);
  assert.ok(
    Object.values(srv.ports).every((p) => p > 1024),
    'ephemeral ports',
  );
  assert.deepEqual(
    listening.map((r) => r.port),
    [srv.ports.imap, srv.ports.imaps, srv.ports.pop3],
  );
  const client = await connect(srv.ports.imap!);
  assert.deepEqual(client.lines, ['a ready']);
  await srv.stop();
  await client.ended;
  assert.deepEqual(client.lines, ['a ready', 'BYE']);
});

test('a session that does not finish is cut after the shutdown timeout', async () => {
  const srv = await startTestServer({
    modules: [lineModule('slow', ['imap'], { stubborn: true })],
    config: { limits: { shutdownTimeoutMs: 50 } },
  });
  const client = await connect(srv.ports.imap!);
  await srv.stop();
  await client.ended;
  assert.ok(
    srv.logs().some((r) => r.level === 40 && r.subsystem === 'slow'),
    'a warning names the server',
  );
});

test('a port in use is a StartupError naming the listener; started servers are closed', async (t) => {
  const srv = await startTestServer({ modules: [] });
  t.after(() => srv.stop());
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const busy = (blocker.address() as { port: number }).port;
  const first = await freePort();
  const { log } = memoryLogger('info');
  const c = config({ imap: first, pop3: busy });
  const deps = { config: c, core: srv.core, auth: srv.app.auth, tls: srv.app.tls };
  await assert.rejects(
    startServers([lineModule('imap', ['imap']), lineModule('pop3', ['pop3'])], deps, log),
    (e: unknown) =>
      e instanceof StartupError &&
      e.message === `cannot listen on 127.0.0.1:${busy} (pop3): the port is already in use`,
  );
  // the imap listener opened first was closed again: its port is free
  const again = createServer();
  again.listen(first, '127.0.0.1');
  await once(again, 'listening');
  again.close();
  blocker.close();
});
