// The outbound side assembled over the mail core: enqueue (body stored as a blob, queue
// row referencing it), the queue runner with local delivery through the core, and DSNs
// queued from the null sender. Built by the composition root; nothing global.
import { Readable } from 'node:stream';
import type { MailCore } from '../core/index.js';
import type { DsnEnvelope, DsnRecipientParams, QueuedMessage, QueueStore } from '../store/queue.js';
import type { BlobStore } from '../store/types.js';
import type { RemoteDeliveryDeps } from './deliver-remote.js';
import { composeDsn } from './dsn.js';
import { QueueRunner, type RunnerLog } from './queue-runner.js';
import type { RetryPolicy } from './retry.js';
import type { RecipientOutcome } from './types.js';

export interface OutboundOptions {
  core: MailCore;
  queue: QueueStore;
  blobs: BlobStore;
  hostname: string;
  remote: RemoteDeliveryDeps;
  retry: RetryPolicy;
  log: RunnerLog;
  clock?: () => Date;
  pollMs?: number;
  concurrency?: number;
}

export interface OutboundEnvelopeInput {
  mailFrom: string;
  rcptTo: string[];
  userId: number | null;
  /** RET/ENVID and per-recipient NOTIFY/ORCPT from the client (RFC 3461). */
  dsn?: DsnEnvelope;
  recipientDsn?: Record<string, DsnRecipientParams>;
}

/** Recipients delivered at SMTP time whose NOTIFY asked for SUCCESS. */
export interface DeliveredReport {
  mailFrom: string;
  envid: string | null;
  arrival: Date;
  recipients: { address: string; orcpt: string | null }[];
  /** The delivered message's header block (returned in the report). */
  header: Buffer;
}

export interface Outbound {
  runner: QueueRunner;
  /** Stores `raw` durably and queues it; kicks the runner. Returns the queue id. */
  enqueue(raw: Buffer | Readable, envelope: OutboundEnvelopeInput & { eightBit?: boolean }): Promise<number>;
  /** Queues a "delivered" DSN (RFC 3464) to the sender; nothing for the null sender. */
  reportDelivered(report: DeliveredReport): Promise<void>;
  /** Queues an already stored body. */
  enqueueBlob(
    blobId: string,
    size: number,
    eightBit: boolean,
    envelope: OutboundEnvelopeInput,
  ): Promise<number>;
}

function eightBitIn(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0x80) return true;
  return false;
}

/** How a local delivery result reads as a queue outcome (over quota waits, unknown bounces). */
const LOCAL_OUTCOMES: Record<string, Omit<RecipientOutcome, 'recipient' | 'remoteMta'>> = {
  delivered: { status: 'delivered', code: 250, enhanced: '2.0.0', diagnostic: 'delivered locally' },
  unknown: { status: 'permanent', code: 550, enhanced: '5.1.1', diagnostic: 'smtp; 550 5.1.1 no such user' },
  overquota: { status: 'temporary', code: 452, enhanced: '4.2.2', diagnostic: 'mailbox full' },
  failed: { status: 'temporary', code: 451, enhanced: '4.3.0', diagnostic: 'local error' },
};

function localOutcome(r: { rcpt: string; status: string; error?: Error }): RecipientOutcome {
  const o = LOCAL_OUTCOMES[r.status] ?? LOCAL_OUTCOMES.failed!;
  const diagnostic = r.status === 'failed' && r.error ? r.error.message : o.diagnostic;
  return { ...o, diagnostic, recipient: r.rcpt, remoteMta: null };
}

export function createOutbound(opts: OutboundOptions): Outbound {
  const clock = opts.clock ?? (() => new Date());
  let runner: QueueRunner;

  const enqueueBlob: Outbound['enqueueBlob'] = async (blobId, size, eightBit, env) => {
    const m = await opts.queue.enqueue({
      blobId,
      mailFrom: env.mailFrom,
      size,
      eightBit,
      userId: env.userId,
      recipients: env.rcptTo,
      now: clock(),
      ...(env.dsn ? { dsn: env.dsn } : {}),
      ...(env.recipientDsn ? { recipientDsn: env.recipientDsn } : {}),
    });
    runner.kick();
    return m.id;
  };

  const enqueue: Outbound['enqueue'] = async (raw, env) => {
    const source = Buffer.isBuffer(raw) ? Readable.from([raw]) : raw;
    const i = await opts.core.messages.ingest(source);
    const eightBit = env.eightBit ?? (Buffer.isBuffer(raw) ? eightBitIn(raw) : true);
    const { eightBit: _, ...envelope } = env;
    return enqueueBlob(i.blobId, i.size, eightBit, envelope);
  };

  const deliverLocal = async (msg: QueuedMessage, rcpts: string[]): Promise<RecipientOutcome[]> => {
    const body = opts.blobs.read(msg.blobId) as Readable;
    const res = await opts.core.delivery.deliver(body, { mailFrom: msg.mailFrom, rcptTo: rcpts });
    const external = res.recipients.flatMap((r) => (r.status === 'delivered' ? r.external : []));
    if (external.length) {
      // Aliases pointing outside: forwarded as a new queue entry with the same body.
      await enqueueBlob(msg.blobId, msg.size, msg.eightBit, {
        mailFrom: msg.mailFrom,
        rcptTo: external,
        userId: null,
      });
    }
    return res.recipients.map(localOutcome);
  };

  runner = new QueueRunner({
    queue: opts.queue,
    openBody: (id) => opts.blobs.read(id) as Readable,
    readHead: (id, n) => opts.blobs.readBuffer(id, 0, n),
    isLocalDomain: (d) => opts.core.accounts.isLocalDomain(d),
    deliverLocal,
    remote: opts.remote,
    retry: opts.retry,
    hostname: opts.hostname,
    sendDsn: async (raw, to) => {
      await enqueue(raw, { mailFrom: '', rcptTo: [to], userId: null });
    },
    now: clock,
    log: opts.log,
    ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
  });

  const reportDelivered: Outbound['reportDelivered'] = async (r) => {
    if (r.mailFrom === '' || r.recipients.length === 0) return;
    const now = clock();
    const dsn = composeDsn({
      reportingMta: opts.hostname,
      to: r.mailFrom,
      arrivalDate: r.arrival,
      envid: r.envid,
      original: r.header,
      now,
      recipients: r.recipients.map((x) => ({
        recipient: x.address,
        ...(x.orcpt ? { original: x.orcpt } : {}),
        action: 'delivered',
        status: '2.0.0',
        diagnostic: '',
        remoteMta: null,
        lastAttempt: now,
      })),
    });
    await enqueue(dsn, { mailFrom: '', rcptTo: [r.mailFrom], userId: null });
  };

  // Mail queued by Sieve at delivery (redirect, vacation) goes out now, not at the next poll.
  opts.core.sieve.onQueued(() => runner.kick());

  return { runner, enqueue, enqueueBlob, reportDelivered };
}
