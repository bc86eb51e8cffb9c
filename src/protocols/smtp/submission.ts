// Ports 587 (STARTTLS) and 465 (implicit TLS, RFC 8314): authenticated users send mail.
//
// Invariants:
// - AUTH only over TLS, except from loopback (tests, local scripts).
// - The envelope sender and every From address are the user's own addresses or aliases.
// - 250 only after the message is durable everywhere it goes: local recipients stored
//   by the core, remote ones in the queue. The Sent copy is filed before the 250 too,
//   but its failure only logs (a retry by the client would send the mail twice).
// - The message is normalised (CRLF), completed (Message-ID, Date) and DKIM-signed
//   BEFORE any copy is made, so every copy has the same bytes.
import { randomBytes } from 'node:crypto';
import type {
  SMTPServerAddress,
  SMTPServerAuthentication,
  SMTPServerAuthenticationResponse,
  SMTPServerDataStream,
  SMTPServerSession,
} from 'smtp-server';
import { isLoopback as isLoopbackAddress } from '../../net/address.js';
import { dkimSignatureFor } from '../../outbound/dkim-sign.js';
import { rfc5322Date } from '../../util/rfc5322-date.js';
import { domainOf, type ReceivedMessage, receiveData } from './data.js';
import { queueDsn, transactionDsn } from './dsn-params.js';
import { addressesIn, headerValues, messageIdOf, parseHeaderBlock } from './headers.js';
import { reportSuccess, transactionId } from './inbound.js';
import type { SmtpLimits } from './limits.js';
import type { SmtpServices } from './ports.js';
import { RateLimiter } from './rate-limit.js';
import { receivedHeader } from './received.js';
import { replies, replyForError } from './replies.js';

type Done = (err?: Error | null, message?: string) => void;

export interface SubmissionContext {
  hostname: string;
  /** Let loopback clients AUTH without TLS (local scripts, tests). */
  loopbackPlaintext: boolean;
  limits: SmtpLimits;
  services: SmtpServices;
}

/** What a successful AUTH leaves in session.user. */
export interface SubmissionUser {
  userId: number;
  address: string;
}

function userOf(session: SMTPServerSession): SubmissionUser | null {
  const u = session.user as SubmissionUser | undefined;
  return u && typeof u.userId === 'number' ? u : null;
}

/**
 * May this connection authenticate now? Over TLS always; in plaintext only from loopback
 * when the listener allows it. The same rule hides AUTH from the EHLO reply (server.ts):
 * RFC 4954 §4 and RFC 8314 §3.3 (do not offer plaintext password mechanisms before TLS).
 */
export function authAllowed(
  secure: boolean,
  remoteAddress: string | undefined,
  loopbackPlaintext: boolean,
): boolean {
  return secure || (loopbackPlaintext && isLoopbackAddress(remoteAddress));
}

/** Adds Message-ID and Date when missing (RFC 6409 §8.2, §8.3). Returns the new header text. */
export function missingHeaders(
  fields: ReturnType<typeof parseHeaderBlock>,
  hostname: string,
  now: Date,
): string {
  let out = '';
  if (headerValues(fields, 'message-id').length === 0) {
    out += `Message-ID: <${randomBytes(12).toString('hex')}@${hostname}>\r\n`;
  }
  if (headerValues(fields, 'date').length === 0) out += `Date: ${rfc5322Date(now)}\r\n`;
  return out;
}

export class SubmissionHandlers {
  private readonly ctx: SubmissionContext;
  private readonly perUser: RateLimiter;
  private readonly perAddress: RateLimiter;

  constructor(ctx: SubmissionContext) {
    this.ctx = ctx;
    this.perUser = new RateLimiter({ limit: ctx.limits.userMessagesPerHour, windowMs: 3600_000 });
    this.perAddress = new RateLimiter({ limit: ctx.limits.addressMessagesPerHour, windowMs: 3600_000 });
  }

  async onAuth(
    auth: SMTPServerAuthentication,
    session: SMTPServerSession,
  ): Promise<SMTPServerAuthenticationResponse> {
    if (!authAllowed(session.secure, session.remoteAddress, this.ctx.loopbackPlaintext)) {
      throw replies.tlsFirst();
    }
    const res = await this.ctx.services.auth.authenticate({
      username: auth.username ?? '',
      password: auth.password ?? '',
      protocol: 'smtp',
      remoteAddress: session.remoteAddress,
      secure: session.secure,
    });
    if (res.ok) return { user: { userId: res.userId, address: res.address } satisfies SubmissionUser };
    if (res.reason === 'throttled') throw replies.throttled();
    if (res.reason === 'tls-required') throw replies.tlsFirst();
    throw replies.badCredentials();
  }

  async onMailFrom(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    const user = userOf(session);
    if (!user) throw replies.authRequired();
    if (address.address === '') throw replies.nullSender();
    if (!(await this.ctx.services.submission.mayUseSender(user.userId, address.address))) {
      throw replies.senderNotAllowed(address.address);
    }
    if (!this.perUser.take(`u${user.userId}`) || !this.perAddress.take(session.remoteAddress)) {
      this.ctx.services.log.warn({ user: user.address, ip: session.remoteAddress }, 'submission rate limit');
      throw replies.rateLimited();
    }
  }

  async onRcptTo(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    const { services, limits } = this.ctx;
    if (session.envelope.rcptTo.length >= limits.maxRecipients) throw replies.tooManyRecipients();
    const rcpt = address.address;
    if (await services.mail.isLocalDomain(domainOf(rcpt))) {
      const check = await services.mail.checkRecipient(rcpt, 0);
      if (!check.ok && check.reason === 'unknown') throw replies.unknownUser(rcpt);
      // Over quota or busy: accepted and queued for a local retry.
      return;
    }
    if (!services.queue) throw replies.tempFailure();
  }

  async onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const { limits } = this.ctx;
    const user = userOf(session);
    if (!user) throw replies.authRequired();
    const msg = await receiveData(stream, limits);
    try {
      return await this.accept(msg, user, session);
    } finally {
      await msg.dispose();
    }
  }

  private async accept(
    msg: ReceivedMessage,
    user: SubmissionUser,
    session: SMTPServerSession,
  ): Promise<string> {
    const { services, hostname } = this.ctx;
    const fields = parseHeaderBlock(msg.header);
    const fromAddrs = headerValues(fields, 'from').flatMap(addressesIn);
    for (const a of fromAddrs) {
      if (!(await services.submission.mayUseSender(user.userId, a))) throw replies.fromNotAllowed(a);
    }
    const now = new Date();
    const added = missingHeaders(fields, hostname, now);
    const completed = msg.source.prepend(added);
    const messageId = messageIdOf(parseHeaderBlock(Buffer.concat([Buffer.from(added), msg.header])));
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : user.address;
    const signDomain = domainOf(fromAddrs[0] ?? mailFrom);
    const key = await services.submission.signingKey(signDomain);
    const signature = key ? await dkimSignatureFor(completed.stream(), key, now) : '';
    const signed = completed.prepend(signature);
    const id = transactionId();
    const tls = session.tlsOptions ? `${session.tlsOptions.version} ${session.tlsOptions.name}` : null;
    const received = receivedHeader({
      helo: session.hostNameAppearsAs,
      clientName: null,
      clientAddress: session.remoteAddress,
      by: hostname,
      esmtp: session.transmissionType !== 'SMTP',
      secure: session.secure,
      authenticated: true,
      id,
      forAddress: null,
      tlsInfo: tls,
      date: now,
    });
    const outgoing = signed.prepend(received);
    const rcpts = session.envelope.rcptTo.map((r) => r.address);
    const dsn = transactionDsn(session);
    const local: string[] = [];
    const remote: string[] = [];
    for (const r of rcpts) ((await services.mail.isLocalDomain(domainOf(r))) ? local : remote).push(r);

    const deferred: string[] = [];
    if (local.length) {
      try {
        const results = await services.mail.deliver(outgoing.stream(), { mailFrom, rcptTo: local });
        for (const r of results) if (!r.ok) deferred.push(r.recipient);
      } catch (e) {
        services.log.warn({ id, err: String(e) }, 'local delivery of a submission failed');
        if (!services.queue) throw replyForError(e, local[0]);
        deferred.push(...local);
      }
    }
    const toQueue = [...remote, ...deferred];
    let queueId: number | null = null;
    if (toQueue.length) {
      if (!services.queue) throw replies.tempFailure();
      queueId = await services.queue.enqueue(outgoing.stream(), {
        mailFrom,
        rcptTo: toQueue,
        userId: user.userId,
        eightBit: msg.eightBit,
        ...queueDsn(dsn, toQueue),
      });
    }
    await reportSuccess(services, {
      mailFrom,
      dsn,
      delivered: local.filter((r) => !deferred.includes(r)),
      header: Buffer.concat([Buffer.from(received + signature + added), msg.header]),
    });
    // The Sent copy is what the recipients got, minus our trace field. The mail is already
    // on its way: a failure here is logged, never turned into a retry (that would send twice).
    await services.submission
      .fileSentCopy(user.userId, () => signed.stream())
      .catch((e: unknown) => {
        services.log.warn({ id, user: user.address, err: String(e) }, 'filing the Sent copy failed');
      });
    services.log.info(
      {
        id,
        user: user.address,
        local: local.length - deferred.length,
        queued: toQueue.length,
        queueId,
        messageId,
      },
      'submission accepted',
    );
    return `Ok: ${queueId !== null ? `queued as ${queueId}` : `delivered as ${id}`}`;
  }

  bind() {
    const cb = <T>(p: Promise<T>, done: (err: Error | null, v?: T) => void) =>
      p.then(
        (v) => done(null, v),
        (e: Error) => done(e),
      );
    return {
      onAuth: (
        a: SMTPServerAuthentication,
        s: SMTPServerSession,
        done: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
      ) => {
        void cb(this.onAuth(a, s), done);
      },
      onMailFrom: (a: SMTPServerAddress, s: SMTPServerSession, done: Done) => {
        void cb(this.onMailFrom(a, s), (e) => done(e));
      },
      onRcptTo: (a: SMTPServerAddress, s: SMTPServerSession, done: Done) => {
        void cb(this.onRcptTo(a, s), (e) => done(e));
      },
      onData: (stream: SMTPServerDataStream, s: SMTPServerSession, done: Done) => {
        void cb(this.onData(stream, s), (e, msg) => {
          if (e) stream.resume();
          done(e, msg);
        });
      },
    };
  }
}
