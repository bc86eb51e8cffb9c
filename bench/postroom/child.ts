// The Postroom server of the benchmark, run as a child process of bench/run.ts so its
// memory (RSS/PSS of this process alone) is not mixed with the client's:
//   node dist/bench/postroom/child.js --data DIR
// Starts SMTP, IMAP and POP3 (whichever modules the app has) on free ports of
// 127.0.0.1, then prints one JSON line {"ready":true,"pid":N,"ports":{"imap":N,...}}
// on stdout. SIGTERM stops it gracefully. Started with an IPC channel (./server.ts
// `probe`), it also answers ProbeRequest messages: its event-loop delay and heap.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/load.js';
import { PORT_NAMES } from '../../src/config/ports.js';
import { silentLogger } from '../../src/log/logger.js';
import type { ProbeReply, ProbeRequest } from './probe.js';

/** Listeners the suite uses; every other port stays closed. */
const WANTED = new Set(['smtp', 'imap', 'pop3']);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' } } });
  if (!values.data) throw new Error('usage: child.js --data DIR');
  const ports = Object.fromEntries(PORT_NAMES.map((p) => [p, WANTED.has(p) ? 1 : 0]));
  const config = loadConfig({
    overrides: {
      dataDir: values.data,
      hostname: 'mail.example.test',
      host: '127.0.0.1',
      ports,
      // Every client runs on 127.0.0.1: up to 10,000 IDLE connections (50 per user),
      // imaptest's 50 clients on one user, 1 MB+ messages. Dovecot's reference config
      // raises its limits the same way.
      limits: {
        maxMessageBytes: 64 * 1024 * 1024,
        connections: { perAddress: 30_000, perUserAndAddress: 1000, perUser: 1000, total: 30_000 },
      },
    },
  });
  const app = await buildApp(config, {
    log: silentLogger(),
    firstAccount: false,
    ephemeralPorts: true,
    out: () => {},
  });
  const listeners = await app.start();
  // Measured once the start-up checks are done (the body-file check runs in the background
  // for seconds on the 100,000-message data dir, and would be measured along).
  await app.checked();
  const bound = Object.fromEntries(listeners.map((l) => [l.port, l.boundPort]));
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, ports: bound })}\n`);
  const stop = (): void => {
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  if (process.send) answerProbes();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Event-loop delay (perf_hooks histogram, 1 ms resolution) and heap after a full GC
 *  (the child runs with --expose-gc when probed), asked over the IPC channel. */
function answerProbes(): void {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // The longest garbage collection pause, which the event-loop delay includes.
  let gcMaxMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, e.duration);
  }).observe({ entryTypes: ['gc'] });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (m: ProbeRequest) => {
    let reply: ProbeReply;
    if (m.op === 'eld') {
      reply = { id: m.id, maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, gcMaxMs };
      h.reset();
      gcMaxMs = 0;
    } else {
      gc?.();
      gc?.();
      const u = process.memoryUsage();
      reply = { id: m.id, heapUsed: u.heapUsed, arrayBuffers: u.arrayBuffers, rss: u.rss };
    }
    process.send?.(reply);
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`postroom bench server: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
