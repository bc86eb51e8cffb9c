// Turns two Figures records into table rows (Postroom vs Dovecot).
import type { Better, ComparisonRow } from '../lib/table.js';
import type { Figures } from './suite.js';

interface RowSpec {
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly pick: (f: Figures) => number | null | undefined;
}

const KIB_PER_MIB = 1024;

function spec(metric: string, unit: string, better: Better, pick: RowSpec['pick']): RowSpec {
  return { metric, unit, better, pick };
}

const SPECS: readonly RowSpec[] = [
  spec('SELECT 100k INBOX, warm', 'ms', 'lower', (f) => f.selectFlags?.selectMs),
  spec('SELECT 100k INBOX, first', 'ms', 'lower', (f) => f.selectFlags?.firstSelectMs),
  spec('UID FETCH 1:* (FLAGS), 100k', 'ms', 'lower', (f) => f.selectFlags?.fetchFlagsMs),
  spec('SEARCH TEXT, 100k', 'ms', 'lower', (f) => f.searchText?.ms),
  spec('SEARCH TEXT, 100k, first', 'ms', 'lower', (f) => f.searchText?.firstMs),
  spec('FETCH BODY.PEEK[] full bodies', 'MB/s', 'higher', (f) => f.fetchBodies?.mbPerS),
  spec('APPEND, 1 connection', '/s', 'higher', (f) => f.append1?.perS),
  spec('APPEND, 10 connections', '/s', 'higher', (f) => f.append10?.perS),
  spec('POP3 RETR, 1 client', '/s', 'higher', (f) => f.pop3One?.retrPerS),
  spec('POP3 RETR, 1 client', 'MB/s', 'higher', (f) => f.pop3One?.mbPerS),
  spec('POP3 RETR, 50 clients', '/s', 'higher', (f) => f.pop3Fifty?.retrPerS),
  spec('POP3 RETR, 50 clients', 'MB/s', 'higher', (f) => f.pop3Fifty?.mbPerS),
  spec('IDLE: server RSS, settled', 'MiB', 'lower', (f) =>
    f.idleBurst ? f.idleBurst.idle.rssKiB / KIB_PER_MIB : undefined,
  ),
  spec('IDLE: server PSS, settled', 'MiB', 'lower', (f) =>
    f.idleBurst ? f.idleBurst.idle.pssKiB / KIB_PER_MIB : undefined,
  ),
  spec('IDLE: server PSS, +1 s (awake)', 'MiB', 'lower', (f) =>
    f.idleBurst ? f.idleBurst.awake.pssKiB / KIB_PER_MIB : undefined,
  ),
  spec('IDLE: PSS per connection, settled', 'KiB', 'lower', (f) => f.idleBurst?.pssPerConnKiB),
  spec('new mail to all idlers, median', 'ms', 'lower', (f) => f.idleBurst?.notify.medianMs),
  spec('new mail to all idlers, p99', 'ms', 'lower', (f) => f.idleBurst?.notify.p99Ms),
  spec('new mail user by user, median', 'ms', 'lower', (f) => f.idleSerial?.notify.medianMs),
  spec('new mail user by user, p99', 'ms', 'lower', (f) => f.idleSerial?.notify.p99Ms),
  spec('imaptest stress, 10 clients', 'cmd/s', 'higher', (f) => f.imaptest10?.commandsPerS),
  spec('imaptest stress, 50 clients', 'cmd/s', 'higher', (f) => f.imaptest50?.commandsPerS),
];

/** One row per figure; a figure missing on both sides is left out. */
export function comparisonRows(postroom: Figures | null, dovecot: Figures | null): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const s of SPECS) {
    const p = postroom ? (s.pick(postroom) ?? null) : null;
    const d = dovecot ? (s.pick(dovecot) ?? null) : null;
    if (p === null && d === null) continue;
    rows.push({ metric: s.metric, unit: s.unit, better: s.better, postroom: p, dovecot: d });
  }
  return rows;
}
