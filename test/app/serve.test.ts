// runServe in-process with a fake signal source: the first signal stops gracefully
// (exit code 0), a second one during a slow shutdown cuts connections (exit code 1).
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildApp } from '../../src/app/app.js';
import { runServe } from '../../src/app/serve.js';
import type { ServerModule } from '../../src/app/server-module.js';
import { loadConfig } from '../../src/config/load.js';
import { PORT_NAMES } from '../../src/config/ports.js';
import { memoryLogger } from '../helpers/log.js';
import { freePort } from '../helpers/ports.js';

/** A server whose graceful close waits for its clients to hang up (a slow goodbye). */
function patientModule(onListening: (port: number) => void): ServerModule {
  return {
    name: 'patient',
    ports: ['imap'],
    create({ bindAddress }) {
      const server = createServer();
      const sockets = new Set<Socket>();
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      return {
        async listen() {
          const where = bindAddress('imap')!;
          server.listen(where.port, where.host);
          await once(server, 'listening');
          const port = (server.address() as { port: number }).port;
          onListening(port);
          return [{ port: 'imap', host: '127.0.0.1', boundPort: port, tls: 'none' }];
        },
        async close(graceful) {
          const closed = new Promise((r) => server.close(r));
          if (!graceful) for (const s of sockets) s.destroy();
          await closed;
        },
      };
    },
  };
}

async function setup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'postroom-serve-'));
  const ports = Object.fromEntries(PORT_NAMES.map((p) => [p, 0]));
  const config = loadConfig({
    overrides: {
      dataDir,
      host: '127.0.0.1',
      ports: { ...ports, imap: await freePort() },
      limits: { shutdownTimeoutMs: 60_000 },
    },
  });
  return { dataDir, config };
}

/** runServe on a fresh data dir with the patient module and a fake signal source. */
async function serveWithPatientModule() {
  const { dataDir, config } = await setup();
  const { log, records } = memoryLogger('info');
  const signals = new EventEmitter();
  let ready!: (port: number) => void;
  const port = new Promise<number>((r) => (ready = r));
  const exits: number[] = [];
  const serving = runServe(config, {
    log,
    out: () => {},
    signals,
    modules: [patientModule(ready)],
    exit: (c) => exits.push(c),
  });
  return { dataDir, records, signals, port, serving, exits };
}

test('buildApp: start, stop twice, first account printed once', async () => {
  const { dataDir, config } = await setup();
  const { log } = memoryLogger('info');
  let printed = '';
  const app = await buildApp(config, { log, modules: [], out: (t) => (printed += t) });
  assert.deepEqual(await app.start(), []);
  assert.match(printed, /postmaster@/);
  await Promise.all([app.stop(), app.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

test('a signal during start-up: the listeners still close, exit code 0', async () => {
  const { dataDir, records, signals, port, serving } = await serveWithPatientModule();
  const bound = await port; // listening, but start() has not finished
  signals.emit('SIGTERM', 'SIGTERM');
  assert.equal(await serving, 0);
  const msgs = records().map((r) => r.msg);
  assert.deepEqual(msgs.slice(-2), ['stopping', 'stopped']);
  assert.ok(msgs.indexOf('ready') < msgs.indexOf('stopping'), 'stop waited for start');
  const refused = createConnection({ port: bound, host: '127.0.0.1' });
  const [err] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
  assert.equal(err.code, 'ECONNREFUSED', 'the listener was closed');
  await rm(dataDir, { recursive: true, force: true });
});

test('a second signal during a slow shutdown cuts connections: exit code 1', async () => {
  const { dataDir, records, signals, port, serving, exits } = await serveWithPatientModule();
  const client = createConnection({ port: await port, host: '127.0.0.1' });
  await once(client, 'connect');
  const clientClosed = once(client, 'close');
  signals.emit('SIGTERM', 'SIGTERM');
  // the graceful close is now waiting for the client, which never hangs up
  signals.emit('SIGINT', 'SIGINT');
  assert.equal(await serving, 1);
  await clientClosed;
  assert.ok(records().some((r) => r.level === 40 && /second signal/.test(String(r.msg))));
  assert.deepEqual(exits, [], 'no need to kill the process: the forced stop finished');
  await rm(dataDir, { recursive: true, force: true });
});
