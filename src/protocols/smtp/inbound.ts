// Port 25: mail from the world for our own domains only (no open relay).
//
// Invariants:
// - A recipient is accepted at RCPT only if its domain is local and the core knows it.
// - 250 after DATA only once the message is durable for EVERY accepted recipient: local
//   recipients the core could not take right now are queued (durably) for a retry, and
//   without a queue the whole transaction gets 451 (the sender retries; duplicates beat
//   loss).
// - Nothing is stored for a transaction that ends without a 250.
import { randomBytes } from 'node:crypto';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { checkAuthentication } from './auth-results.js';
import { domainOf, type ReceivedMessage, receiveData } from './data.js';
import { queueDsn, successReports, type TransactionDsn, transactionDsn } from './dsn-params.js';
import { dropForgedAuthResults } from './headers.js';
import type { SmtpLimits } from './limits.js';
import type { SmtpServices } from './ports.js';
import { receivedHeader } from './received.js';
import { replies, replyForError } from './replies.js';

type Done = (err?: Error | null, message?: string) => void;

export interface InboundContext {
  hostname: string;
  limits: SmtpLimits;
  services: SmtpServices;
}

export function transactionId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Queues a "delivered" DSN for recipients stored at once whose NOTIFY asked for it
 * (RFC 3461 §4.1). The mail is already stored: a failure here is logged, not replied.
 */
export async function reportSuccess(
  services: SmtpServices,
  r: { mailFrom: string; dsn: TransactionDsn; delivered: string[]; header: Buffer },
): Promise<void> {
  const recipients = successReports(r.dsn, r.delivered);
  if (recipients.length === 0 || !services.queue) return;
  await services.queue
    .reportDelivered({
      mailFrom: r.mailFrom,
      envid: r.dsn.envelope.envid,
      arrival: new Date(),
      recipients,
      header: r.header,
    })
    .catch((e: unknown) => services.log.warn({ err: String(e) }, 'queueing a delivered DSN failed'));
}

export class InboundHandlers {
  private readonly ctx: InboundContext;
  /** Unknown recipients per session id (address harvesting guard). */
  private readonly unknown = new Map<string, number>();

  constructor(ctx: InboundContext) {
    this.ctx = ctx;
  }

  onClose(session: SMTPServerSession): void {
    this.unknown.delete(session.id);
  }

  async onRcptTo(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    const { services, limits } = this.ctx;
    if (session.envelope.rcptTo.length >= limits.maxRecipients) throw replies.tooManyRecipients();
    const rcpt = address.address;
    if (!(await services.mail.isLocalDomain(domainOf(rcpt)))) throw replies.relayDenied();
    // RFC 1870: the SIZE the client declared lets the quota check refuse early.
    const args = session.envelope.mailFrom ? session.envelope.mailFrom.args : false;
    const declared = args ? Number(args.SIZE ?? 0) || 0 : 0;
    const check = await services.mail.checkRecipient(rcpt, declared);
    if (check.ok) return;
    if (check.reason === 'unknown') {
      const n = (this.unknown.get(session.id) ?? 0) + 1;
      this.unknown.set(session.id, n);
      if (n > limits.maxUnknownRecipients) {
        // RFC 5321 §4.2.2 421: we close the channel after this reply.
        throw Object.assign(new Error('4.7.0 Too many unknown recipients, closing'), { responseCode: 421 });
      }
      throw replies.unknownUser(rcpt);
    }
    if (check.reason === 'over-quota') throw replies.overQuota(rcpt);
    throw replies.tempFailure();
  }

  async onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const { limits } = this.ctx;
    const msg = await receiveData(stream, limits);
    try {
      return await this.accept(msg, session);
    } finally {
      await msg.dispose();
    }
  }

  private async accept(msg: ReceivedMessage, session: SMTPServerSession): Promise<string> {
    const { services, hostname } = this.ctx;
    const header = dropForgedAuthResults(msg.header, hostname);
    const data = msg.source.skip(msg.header.length).prepend(header);
    const dsn = transactionDsn(session);
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const rcptTo = session.envelope.rcptTo.map((r) => r.address);
    const id = transactionId();
    const auth = await checkAuthentication({
      message: data.stream(),
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs,
      mailFrom,
      hostname,
      resolver: services.resolver,
      timeoutMs: this.ctx.limits.authCheckTimeoutMs,
    });
    const tls = session.tlsOptions ? `${session.tlsOptions.version} ${session.tlsOptions.name}` : null;
    const trace =
      auth.headers +
      receivedHeader({
        helo: session.hostNameAppearsAs,
        clientName:
          session.clientHostname && !session.clientHostname.startsWith('[') ? session.clientHostname : null,
        clientAddress: session.remoteAddress,
        by: hostname,
        esmtp: session.transmissionType !== 'SMTP',
        secure: session.secure,
        authenticated: false,
        id,
        forAddress: rcptTo.length === 1 ? rcptTo[0]! : null,
        tlsInfo: tls,
        date: new Date(),
      });
    const raw = data.prepend(trace);
    let results: Awaited<ReturnType<typeof services.mail.deliver>>;
    try {
      results = await services.mail.deliver(raw.stream(), { mailFrom, rcptTo });
    } catch (e) {
      services.log.warn({ id, err: String(e) }, 'inbound delivery failed');
      throw replyForError(e, rcptTo[0]);
    }
    const failed = results.filter((r) => !r.ok);
    await reportSuccess(services, {
      mailFrom,
      dsn,
      delivered: results.filter((r) => r.ok).map((r) => r.recipient),
      header: Buffer.concat([Buffer.from(trace), header]),
    });
    if (failed.length === 0) {
      services.log.info({ id, from: mailFrom, rcpts: rcptTo.length, size: raw.size }, 'inbound accepted');
      return `Ok: stored as ${id}`;
    }
    if (failed.length === results.length) {
      // Nobody got it: the first reason is the transaction's reply.
      throw replyForError(failed[0]!.error, failed[0]!.recipient);
    }
    if (!services.queue) throw replies.tempFailure();
    // Some stored, some not: queue the rest durably, then the 250 is honest.
    const queueId = await services.queue.enqueue(raw.stream(), {
      mailFrom,
      rcptTo: failed.map((f) => f.recipient),
      userId: null,
      eightBit: msg.eightBit,
      ...queueDsn(
        dsn,
        failed.map((f) => f.recipient),
      ),
    });
    services.log.info({ id, queueId, deferred: failed.length }, 'inbound partly queued for local retry');
    return `Ok: stored as ${id}`;
  }

  /** smtp-server callback adapters. */
  bind() {
    return {
      onRcptTo: (a: SMTPServerAddress, s: SMTPServerSession, cb: Done) => {
        this.onRcptTo(a, s).then(
          () => cb(),
          (e: Error) => cb(e),
        );
      },
      onData: (stream: SMTPServerDataStream, s: SMTPServerSession, cb: Done) => {
        this.onData(stream, s).then(
          (msg) => cb(null, msg),
          (e: Error) => {
            stream.resume();
            cb(e);
          },
        );
      },
    };
  }
}
