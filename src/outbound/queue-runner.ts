// The queue runner: picks due messages, delivers each recipient domain in one attempt
// (local domains through the mail core, others over SMTP), records every outcome, sends
// the sender one DSN (RFC 3464) per attempt for what the recipients' NOTIFY asked
// (RFC 3461 §4.1; without NOTIFY: failures and delays): "failed" (5xx, expiry),
// "delayed" (once, after retry.delayWarning), "delivered" (local) or "relayed" (a remote
// without DSN took it; a remote with DSN got our parameters and reports itself), and
// drops a message once no recipient is pending.
//
// Invariants:
// - A recipient leaves 'pending' only after its outcome is recorded in the store.
// - The DSN for a failure is queued before the message holding it can be removed.
// - A DSN itself (null sender) never causes another DSN (RFC 5321 §4.5.5).
// - At most one "delayed" DSN per recipient (recorded after it is queued).
// - One message is never handled by two attempts at once (in-flight set).
import type { Readable } from 'node:stream';
import type {
  DsnNotify,
  QueuedMessage,
  QueueRecipient,
  QueueStore,
  RecipientUpdate,
} from '../store/queue.js';
import { deliverToDomain, type RemoteDeliveryDeps } from './deliver-remote.js';
import { composeDsn, type DsnRecipient, headerBlock } from './dsn.js';
import { nextAttempt, type RetryPolicy } from './retry.js';
import type { OutboundEnvelope } from './smtp-client.js';
import type { RecipientOutcome } from './types.js';

export interface RunnerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface QueueRunnerDeps {
  queue: QueueStore;
  /** The stored body, from its first byte. */
  openBody(blobId: string): Readable;
  /** The first bytes of the body (for DSNs, which return the header block only). */
  readHead(blobId: string, bytes: number): Promise<Buffer>;
  isLocalDomain(domain: string): Promise<boolean>;
  /** Delivers to local recipients through the mail core; one outcome per recipient. */
  deliverLocal(msg: QueuedMessage, recipients: string[]): Promise<RecipientOutcome[]>;
  remote: RemoteDeliveryDeps;
  retry: RetryPolicy;
  /** Our host name (Reporting-MTA). */
  hostname: string;
  /** Queues (or delivers) a DSN from the null sender to `to`. */
  sendDsn(raw: Buffer, to: string): Promise<void>;
  now?: () => Date;
  /** Messages handled at once. */
  concurrency?: number;
  /** Longest sleep between scans, ms (a kick() wakes the runner sooner). */
  pollMs?: number;
  log?: RunnerLog;
}

const HEAD_BYTES = 64 * 1024;
/** RET=FULL returns messages up to this size whole; larger ones get their headers only. */
const FULL_RETURN_MAX = 10 * 1024 * 1024;

/** Does this recipient's NOTIFY ask for a report of this kind? (RFC 3461 §4.1) */
export function wantsReport(notify: DsnNotify[] | null, kind: 'SUCCESS' | 'FAILURE' | 'DELAY'): boolean {
  // No NOTIFY: failures, and delays at our discretion; never success.
  if (notify === null) return kind !== 'SUCCESS';
  return notify.includes(kind);
}

/** The DSN parameters to hand the next hop (RFC 3461 §6.2.2), when the client gave any. */
function dsnToPass(msg: QueuedMessage, rcpts: string[]): Pick<OutboundEnvelope, 'dsn' | 'recipientDsn'> {
  const given = msg.recipients.filter(
    (r) => rcpts.includes(r.address) && (r.notify !== null || r.orcpt !== null),
  );
  if (msg.dsn.ret === null && msg.dsn.envid === null && given.length === 0) return {};
  return {
    dsn: msg.dsn,
    recipientDsn: Object.fromEntries(given.map((r) => [r.address, { notify: r.notify, orcpt: r.orcpt }])),
  };
}

export class QueueRunner {
  private readonly deps: QueueRunnerDeps;
  private readonly inFlight = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;

  constructor(deps: QueueRunnerDeps) {
    this.deps = deps;
  }

  private now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }

  /** Starts the background loop. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.kick();
  }

  /**
   * Stops scheduling and waits for the attempts in flight, at most `waitMs` (a remote
   * server may take minutes). An attempt cut short keeps its recipients pending: they are
   * tried again at the next start (the remote may then see the message twice, as RFC 5321
   * §6.1 accepts, rather than never).
   */
  async stop(waitMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running === null) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running,
      new Promise<void>((r) => {
        timer = setTimeout(r, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Asks for a scan soon (new mail queued, `queue retry`). */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.loop(), 0);
  }

  private loop(): void {
    this.timer = null;
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.runOnce();
        } catch (e) {
          this.deps.log?.warn({ err: String(e) }, 'queue scan failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
      void this.schedule();
    });
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const poll = this.deps.pollMs ?? 60_000;
    let wait = poll;
    try {
      const next = await this.deps.queue.nextDue();
      if (next) wait = Math.min(poll, Math.max(0, next.getTime() - this.now().getTime()));
    } catch {
      // keep the poll interval
    }
    if (this.stopped || this.running !== null) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.loop(), wait);
    this.timer.unref();
  }

  /** One scan: every due message handled once. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const limit = this.deps.concurrency ?? 8;
    let attempted = 0;
    // A message whose attempt failed oddly stays due: never pick it twice in one scan.
    const seen = new Set<number>();
    for (;;) {
      const due = await this.deps.queue.due(this.now(), limit * 4 + seen.size);
      const work = due.filter((m) => !this.inFlight.has(m.id) && !seen.has(m.id));
      if (work.length === 0) return attempted;
      for (const m of work) seen.add(m.id);
      let i = 0;
      const worker = async () => {
        while (i < work.length) {
          const m = work[i++]!;
          await this.attempt(m);
          attempted++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(limit, work.length) }, worker));
      if (this.stopped) return attempted;
    }
  }

  /** One attempt of every due recipient of one message. */
  async attempt(msg: QueuedMessage): Promise<void> {
    if (this.inFlight.has(msg.id)) return;
    this.inFlight.add(msg.id);
    try {
      await this.attemptLocked(msg);
    } catch (e) {
      this.deps.log?.warn({ queueId: msg.id, err: String(e) }, 'queue attempt failed');
    } finally {
      this.inFlight.delete(msg.id);
    }
  }

  private async attemptLocked(msg: QueuedMessage): Promise<void> {
    const start = this.now();
    const due = msg.recipients.filter((r) => r.state === 'pending' && r.nextAttemptAt <= start);
    const byDomain = new Map<string, string[]>();
    for (const r of due) byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r.address]);
    const outcomes: RecipientOutcome[] = [];
    for (const [domain, rcpts] of byDomain) {
      if (await this.deps.isLocalDomain(domain)) {
        outcomes.push(...(await this.deps.deliverLocal(msg, rcpts)));
      } else {
        const envelope = {
          from: msg.mailFrom,
          to: rcpts,
          size: msg.size,
          eightBit: msg.eightBit,
          ...dsnToPass(msg, rcpts),
        };
        outcomes.push(
          ...(await deliverToDomain(
            domain,
            envelope,
            () => this.deps.openBody(msg.blobId),
            this.deps.remote,
          )),
        );
      }
    }
    const now = this.now();
    const byAddress = new Map<string, QueueRecipient>(msg.recipients.map((r) => [r.address, r]));
    const updates: RecipientUpdate[] = [];
    const reports: DsnRecipient[] = [];
    const delayed: string[] = [];
    const retry = this.deps.retry;
    for (const o of outcomes) {
      const r = byAddress.get(o.recipient);
      const notify = r?.notify ?? null;
      let state: RecipientUpdate['state'] = 'pending';
      let next = now;
      let enhanced = o.enhanced;
      let diagnostic = o.diagnostic;
      if (o.status === 'delivered') state = 'delivered';
      else if (o.status === 'permanent') state = 'failed';
      else {
        const when = nextAttempt((r?.attempts ?? 0) + 1, msg.createdAt, now, retry);
        if (when) next = when;
        else {
          // RFC 3463 §3.5: X.4.7 "delivery time expired".
          state = 'failed';
          enhanced = '4.4.7';
          diagnostic = `gave up after ${Math.round(retry.maxAge / 3600)} h; last error: ${o.diagnostic}`;
        }
      }
      updates.push({
        address: o.recipient,
        state,
        nextAttemptAt: next,
        code: o.code,
        enhanced,
        diagnostic,
        remoteMta: o.remoteMta,
        at: now,
      });
      const report = { recipient: o.recipient, remoteMta: o.remoteMta, lastAttempt: now };
      const original = r?.orcpt ? { original: r.orcpt } : {};
      if (state === 'failed' && wantsReport(notify, 'FAILURE')) {
        const smtpDiag = o.code !== null && o.status === 'permanent' ? `smtp; ${o.diagnostic}` : diagnostic;
        reports.push({ ...report, ...original, action: 'failed', status: enhanced, diagnostic: smtpDiag });
      } else if (state === 'delivered' && wantsReport(notify, 'SUCCESS') && !o.remoteDsn) {
        // RFC 3464 §2.3.3: "relayed" when the next hop will not report; local: "delivered".
        const action = o.remoteMta === null ? 'delivered' : 'relayed';
        reports.push({
          ...report,
          ...original,
          action,
          status: enhanced,
          diagnostic: o.code !== null ? `smtp; ${o.diagnostic}` : '',
        });
      } else if (
        state === 'pending' &&
        retry.delayWarning &&
        now.getTime() - msg.createdAt.getTime() >= retry.delayWarning * 1000 &&
        !r?.delayNotified &&
        wantsReport(notify, 'DELAY')
      ) {
        const smtpDiag = o.code !== null ? `smtp; ${o.diagnostic}` : diagnostic;
        reports.push({
          ...report,
          ...original,
          action: 'delayed',
          status: enhanced,
          diagnostic: smtpDiag,
          willRetryUntil: new Date(msg.createdAt.getTime() + retry.maxAge * 1000),
        });
        delayed.push(o.recipient);
      }
    }
    await this.deps.queue.update(msg.id, updates);
    if (reports.length > 0 && msg.mailFrom !== '') {
      // RFC 3461 §4.3: RET=FULL returns the whole message, for failures only.
      const full =
        msg.dsn.ret === 'FULL' && msg.size <= FULL_RETURN_MAX && reports.some((r) => r.action === 'failed');
      const original = full
        ? await this.deps.readHead(msg.blobId, msg.size)
        : headerBlock(await this.deps.readHead(msg.blobId, HEAD_BYTES));
      const dsn = composeDsn({
        reportingMta: this.deps.hostname,
        to: msg.mailFrom,
        arrivalDate: msg.createdAt,
        recipients: reports,
        original,
        returnFull: full,
        envid: msg.dsn.envid,
        now,
        queueId: String(msg.id),
      });
      await this.deps.sendDsn(dsn, msg.mailFrom);
      if (delayed.length) await this.deps.queue.markDelayNotified(msg.id, delayed);
    }
    for (const o of updates) {
      this.deps.log?.info(
        { queueId: msg.id, rcpt: o.address, state: o.state, code: o.code, status: o.enhanced },
        o.state === 'delivered' ? 'delivered' : o.state === 'failed' ? 'bounced' : 'deferred',
      );
    }
    const after = await this.deps.queue.get(msg.id);
    if (after?.recipients.every((r) => r.state !== 'pending')) await this.deps.queue.remove(msg.id);
  }
}
