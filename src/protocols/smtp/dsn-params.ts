// The DSN parameters of one SMTP transaction (RFC 3461): RET/ENVID from MAIL FROM and
// NOTIFY/ORCPT from each RCPT TO, as smtp-server parsed them (syntax checked, xtext
// decoded), in the shapes the queue stores.
import type { SMTPServerSession } from 'smtp-server';
import type { DsnEnvelope, DsnNotify, DsnRecipientParams } from '../../store/queue.js';

export interface TransactionDsn {
  envelope: DsnEnvelope;
  /** By recipient address; only recipients that gave NOTIFY or ORCPT. */
  recipients: Record<string, DsnRecipientParams>;
}

interface ParsedDsn {
  ret?: string | null;
  envid?: string | null;
  notify?: string[];
  orcpt?: string;
}

export function transactionDsn(session: SMTPServerSession): TransactionDsn {
  const env = (session.envelope as { dsn?: ParsedDsn }).dsn;
  const ret = env?.ret === 'FULL' || env?.ret === 'HDRS' ? env.ret : null;
  const recipients: Record<string, DsnRecipientParams> = {};
  for (const r of session.envelope.rcptTo) {
    const d = (r as { dsn?: ParsedDsn }).dsn;
    if (!d || (!d.notify && !d.orcpt)) continue;
    recipients[r.address] = {
      notify: d.notify ? (d.notify.map((n) => n.toUpperCase()) as DsnNotify[]) : null,
      orcpt: d.orcpt ?? null,
    };
  }
  return { envelope: { ret, envid: env?.envid ?? null }, recipients };
}

/** Recipients (of `delivered`) whose NOTIFY includes SUCCESS: they get a "delivered" DSN. */
export function successReports(
  dsn: TransactionDsn,
  delivered: string[],
): { address: string; orcpt: string | null }[] {
  return delivered
    .filter((a) => dsn.recipients[a]?.notify?.includes('SUCCESS'))
    .map((a) => ({ address: a, orcpt: dsn.recipients[a]?.orcpt ?? null }));
}

/** The queue's view: only what was given (nothing at all for a plain transaction). */
export function queueDsn(dsn: TransactionDsn, rcpts: string[]) {
  const recipientDsn = Object.fromEntries(
    rcpts.filter((a) => dsn.recipients[a]).map((a) => [a, dsn.recipients[a]!]),
  );
  const any =
    dsn.envelope.ret !== null || dsn.envelope.envid !== null || Object.keys(recipientDsn).length > 0;
  return any ? { dsn: dsn.envelope, recipientDsn } : {};
}
