// Local delivery: one body stored once, then one append per recipient user. The result
// comes back only after every append has committed (write, fsync, commit, then reply).
import type { UserId } from '../store/types.js';
import type { AccountService } from './accounts.js';
import { isMailError, MailError } from './errors.js';
import type { RawSource } from './ingest.js';
import type { MailboxService } from './mailboxes.js';
import type { MessageService } from './messages.js';
import type { SieveService } from './sieve.js';

export interface DeliveryEnvelope {
  mailFrom: string; // '' for the null reverse-path
  rcptTo: string[];
}

export type RecipientStatus = 'delivered' | 'unknown' | 'overquota' | 'failed';

export interface RecipientResult {
  rcpt: string;
  status: RecipientStatus;
  /** Where it went (one entry per local user reached). */
  delivered: { userId: UserId; mailboxId: number; uid: number; emailId: string }[];
  /** Alias targets outside our domains, for the outbound queue. */
  external: string[];
  error?: MailError;
}

export interface DeliveryResult {
  blobId: string;
  size: number;
  recipients: RecipientResult[];
}

export class DeliveryService {
  constructor(
    private readonly accounts: AccountService,
    private readonly mailboxes: MailboxService,
    private readonly messages: MessageService,
    /** Decides each user's mailboxes and flags (Sieve); INBOX without it. */
    private readonly sieve?: SieveService,
  ) {}

  /**
   * SMTP RCPT-time check: does the address reach anyone, and would a message of `size`
   * bytes fit every user it reaches?
   */
  async checkRecipient(address: string, size = 0): Promise<'ok' | 'unknown' | 'overquota'> {
    let r: Awaited<ReturnType<AccountService['resolveRecipient']>>;
    try {
      r = await this.accounts.resolveRecipient(address);
    } catch (e) {
      if (isMailError(e, 'Invalid')) return 'unknown';
      throw e;
    }
    if (r.local.length === 0 && r.external.length === 0) return 'unknown';
    for (const { user } of r.local) {
      const usage = await this.accounts.getUsage(user.id);
      if (user.quotaBytes !== null && usage.bytes + size > user.quotaBytes) return 'overquota';
      if (user.quotaMessages !== null && usage.messages + 1 > user.quotaMessages) return 'overquota';
    }
    return 'ok';
  }

  /** Delivers to every recipient's INBOX. Each user gets at most one copy per call. */
  async deliver(source: RawSource, envelope: DeliveryEnvelope): Promise<DeliveryResult> {
    const body = await this.messages.ingest(source);
    const done = new Map<UserId, RecipientResult['delivered'][number]>();
    const recipients: RecipientResult[] = [];
    for (const rcpt of envelope.rcptTo) {
      const res: RecipientResult = { rcpt, status: 'delivered', delivered: [], external: [] };
      recipients.push(res);
      try {
        const r = await this.accounts.resolveRecipient(rcpt);
        res.external = r.external;
        if (r.local.length === 0 && r.external.length === 0) {
          res.status = 'unknown';
          continue;
        }
        for (const { user } of r.local) {
          const already = done.get(user.id);
          if (already) {
            res.delivered.push(already);
            continue;
          }
          const places = this.sieve
            ? await this.sieve.place(user.id, user.address, body.meta, {
                mailFrom: envelope.mailFrom,
                rcptTo: rcpt,
              })
            : [{ mailboxId: (await this.mailboxes.require(user.id, 'INBOX')).id, flags: [] }];
          const threadId = await this.messages.threadFor(user.id, body);
          for (const p of places) {
            // p.body: the copy with the script's header edits (RFC 5293), if any.
            const [a] = await this.messages.appendIngested(
              user.id,
              p.mailboxId,
              p.body ?? body,
              p.flags,
              threadId,
            );
            const d = { userId: user.id, mailboxId: p.mailboxId, uid: a!.uid, emailId: a!.emailId };
            if (!done.has(user.id)) res.delivered.push(d);
            done.set(user.id, done.get(user.id) ?? d);
          }
        }
      } catch (e) {
        res.status = isMailError(e, 'OverQuota')
          ? 'overquota'
          : isMailError(e, 'NotFound')
            ? 'unknown'
            : 'failed';
        res.error = e instanceof MailError ? e : new MailError('Unavailable', String(e));
      }
    }
    return { blobId: body.blobId, size: body.size, recipients };
  }
}
