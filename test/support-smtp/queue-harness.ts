// A queue runner over an in-memory SQLite queue, a fake clock, recorded local deliveries
// and DSNs, and remote delivery to a fake MX on loopback (remote.test).
import { Readable } from 'node:stream';
import { QueueRunner, type QueueRunnerDeps } from '../../src/outbound/queue-runner.js';
import type { RetryPolicy } from '../../src/outbound/retry.js';
import type { RecipientOutcome } from '../../src/outbound/types.js';
import type { NewQueuedMessage, QueuedMessage } from '../../src/store/queue.js';
import { openDb as openSqlite } from '../../src/store-sqlite/db.js';
import { createSqliteQueueStore, queueSchema } from '../../src/store-sqlite/queue.js';

export const body = Buffer.from(
  'From: a@local.test\r\nTo: x@remote.test\r\nSubject: q\r\nMessage-ID: <q1@local.test>\r\n\r\nqueued body\r\n',
);
const blobs = new Map([['b1', body]]);

export function openDb() {
  const s = openSqlite(':memory:'); // migrations include the queue schema
  queueSchema(s.db); // and it is idempotent
  return s;
}

export function harness(
  mxPort: number,
  retry: RetryPolicy = { firstDelay: 300, factor: 2, maxDelay: 3600, maxAge: 86400 },
) {
  const queue = createSqliteQueueStore(openDb());
  let clock = new Date('2026-11-22T00:00:00Z');
  const local: { msg: QueuedMessage; rcpts: string[] }[] = [];
  const dsns: { raw: Buffer; to: string }[] = [];
  const deps: QueueRunnerDeps = {
    queue,
    openBody: (id) => Readable.from([blobs.get(id)!]),
    readHead: async (id, n) => blobs.get(id)!.subarray(0, n),
    isLocalDomain: async (d) => d === 'local.test',
    deliverLocal: async (msg, rcpts) => {
      local.push({ msg, rcpts });
      return rcpts.map(
        (r): RecipientOutcome => ({
          recipient: r,
          status: 'delivered',
          code: 250,
          enhanced: '2.0.0',
          diagnostic: 'ok',
          remoteMta: null,
        }),
      );
    },
    remote: {
      routes: { transports: new Map([['remote.test', { host: '127.0.0.1', port: mxPort }]]), relay: null },
      resolver: { resolveMx: async () => [], resolve4: async () => [], resolve6: async () => [] },
      client: { heloName: 'mx.local.test', connectTimeoutMs: 5000, socketTimeoutMs: 5000 },
      mxPort: 25,
    },
    retry,
    hostname: 'mx.local.test',
    sendDsn: async (raw, to) => {
      dsns.push({ raw, to });
    },
    now: () => clock,
  };
  return {
    queue,
    local,
    dsns,
    runner: new QueueRunner(deps),
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
    get now() {
      return clock;
    },
  };
}

/** A queue entry for the b1 body from a@local.test to x@remote.test, with overrides. */
export function queued(now: Date, extra: Partial<NewQueuedMessage> = {}): NewQueuedMessage {
  return {
    blobId: 'b1',
    mailFrom: 'a@local.test',
    size: body.length,
    eightBit: false,
    userId: 1,
    recipients: ['x@remote.test'],
    now,
    ...extra,
  };
}
