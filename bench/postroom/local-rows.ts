// Table rows for the figures only Postroom has: the store alone (no sockets, nothing
// to compare a Dovecot with) and SMTP (the reference runs IMAP, POP3 and LMTP only).
import type { ComparisonRow } from '../lib/table.js';
import type { SmtpBenchResult } from '../smtp.js';
import type { StoreBenchResult } from '../store.js';

export const NO_STORE_ONLY = 'n/a (store alone)';
export const NO_SMTP = 'n/a (no SMTP server)';

function postroomOnly(
  metric: string,
  unit: string,
  better: ComparisonRow['better'],
  value: number,
  dovecotNote: string,
): ComparisonRow {
  return { metric, unit, better, postroom: value, dovecot: null, dovecotNote };
}

export function storeRows(r: StoreBenchResult, mailboxSize: number): ComparisonRow[] {
  const n = NO_STORE_ONLY;
  const k = `${Math.round(mailboxSize / 1000)}k`;
  return [
    postroomOnly('store append, 1 KB', '/s', 'higher', r.appendsPerSecond['1KB'], n),
    postroomOnly('store append, 100 KB', '/s', 'higher', r.appendsPerSecond['100KB'], n),
    postroomOnly('store append, 10 MB', '/s', 'higher', r.appendsPerSecond['10MB'], n),
    postroomOnly(`store batch fill, ${k}`, 'msg/s', 'higher', r.fillMessagesPerSecond, n),
    postroomOnly(`store open mailbox, ${k}`, 'ms', 'lower', r.openMs, n),
    postroomOnly(`store list all flags, ${k}`, 'ms', 'lower', r.listFlagsMs, n),
    postroomOnly('store flag 10,000 messages', 'ms', 'lower', r.flag10kMs, n),
    postroomOnly(`store SEARCH UNSEEN, ${k}`, 'ms', 'lower', r.searchUnseenMs, n),
    postroomOnly(`store SEARCH TEXT, ${k}`, 'ms', 'lower', r.searchTextMs, n),
    postroomOnly(`store SORT SUBJECT, ${k}`, 'ms', 'lower', r.sortSubjectMs, n),
  ];
}

export function smtpRows(r: SmtpBenchResult): ComparisonRow[] {
  const rows = r.runs.map((run) =>
    postroomOnly(
      `SMTP port 25, ${run.size}, ${run.senders} sender${run.senders === 1 ? '' : 's'}`,
      'msg/s',
      'higher',
      run.messagesPerSecond,
      NO_SMTP,
    ),
  );
  rows.push(
    postroomOnly('SMTP DATA end -> 250, median', 'ms', 'lower', r.toReplyMs.median, NO_SMTP),
    postroomOnly('SMTP DATA end -> 250, p95', 'ms', 'lower', r.toReplyMs.p95, NO_SMTP),
    postroomOnly('SMTP DATA end -> EXISTS at IDLE client, median', 'ms', 'lower', r.toIdleMs.median, NO_SMTP),
    postroomOnly('SMTP DATA end -> EXISTS at IDLE client, p95', 'ms', 'lower', r.toIdleMs.p95, NO_SMTP),
    // Signed: below 0 when the IDLE client saw the message before the sender saw its 250.
    postroomOnly('SMTP 250 -> EXISTS at IDLE client, median', 'ms', 'lower', r.replyToIdleMs.median, NO_SMTP),
    postroomOnly('SMTP 250 -> EXISTS at IDLE client, p95', 'ms', 'lower', r.replyToIdleMs.p95, NO_SMTP),
    postroomOnly(
      `SMTP ${r.large.senders} x ${r.large.messageMiB} MB at once, peak RSS (${r.large.rssBeforeMiB} MiB before)`,
      'MiB',
      'lower',
      r.large.peakRssMiB,
      NO_SMTP,
    ),
  );
  return rows;
}
