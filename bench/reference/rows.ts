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

const SPECS: readonly RowSpec[] = [
  { metric: 'SELECT 100k INBOX, warm', unit: 'ms', better: 'lower', pick: (f) => f.selectFlags?.selectMs },
  {
    metric: 'SELECT 100k INBOX, first',
    unit: 'ms',
    better: 'lower',
    pick: (f) => f.selectFlags?.firstSelectMs,
  },
  {
    metric: 'UID FETCH 1:* (FLAGS), 100k',
    unit: 'ms',
    better: 'lower',
    pick: (f) => f.selectFlags?.fetchFlagsMs,
  },
  { metric: 'SEARCH TEXT, 100k', unit: 'ms', better: 'lower', pick: (f) => f.searchText?.ms },
  { metric: 'SEARCH TEXT, 100k, first', unit: 'ms', better: 'lower', pick: (f) => f.searchText?.firstMs },
  {
    metric: 'FETCH BODY.PEEK[] full bodies',
    unit: 'MB/s',
    better: 'higher',
    pick: (f) => f.fetchBodies?.mbPerS,
  },
  { metric: 'APPEND, 1 connection', unit: '/s', better: 'higher', pick: (f) => f.append1?.perS },
  { metric: 'APPEND, 10 connections', unit: '/s', better: 'higher', pick: (f) => f.append10?.perS },
  { metric: 'POP3 RETR, 1 client', unit: '/s', better: 'higher', pick: (f) => f.pop3One?.retrPerS },
  { metric: 'POP3 RETR, 1 client', unit: 'MB/s', better: 'higher', pick: (f) => f.pop3One?.mbPerS },
  { metric: 'POP3 RETR, 50 clients', unit: '/s', better: 'higher', pick: (f) => f.pop3Fifty?.retrPerS },
  { metric: 'POP3 RETR, 50 clients', unit: 'MB/s', better: 'higher', pick: (f) => f.pop3Fifty?.mbPerS },
  {
    metric: '1,000 IDLE: server RSS, settled',
    unit: 'MiB',
    better: 'lower',
    pick: (f) => (f.idleBurst ? f.idleBurst.idle.rssKiB / KIB_PER_MIB : undefined),
  },
  {
    metric: '1,000 IDLE: server PSS, settled',
    unit: 'MiB',
    better: 'lower',
    pick: (f) => (f.idleBurst ? f.idleBurst.idle.pssKiB / KIB_PER_MIB : undefined),
  },
  {
    metric: '1,000 IDLE: server PSS, +1 s (awake)',
    unit: 'MiB',
    better: 'lower',
    pick: (f) => (f.idleBurst ? f.idleBurst.awake.pssKiB / KIB_PER_MIB : undefined),
  },
  {
    metric: 'IDLE: PSS per connection, settled',
    unit: 'KiB',
    better: 'lower',
    pick: (f) => f.idleBurst?.pssPerConnKiB,
  },
  {
    metric: 'new mail to all idlers, median',
    unit: 'ms',
    better: 'lower',
    pick: (f) => f.idleBurst?.notify.medianMs,
  },
  {
    metric: 'new mail to all idlers, p99',
    unit: 'ms',
    better: 'lower',
    pick: (f) => f.idleBurst?.notify.p99Ms,
  },
  {
    metric: 'new mail user by user, median',
    unit: 'ms',
    better: 'lower',
    pick: (f) => f.idleSerial?.notify.medianMs,
  },
  {
    metric: 'new mail user by user, p99',
    unit: 'ms',
    better: 'lower',
    pick: (f) => f.idleSerial?.notify.p99Ms,
  },
  {
    metric: 'imaptest stress, 10 clients',
    unit: 'cmd/s',
    better: 'higher',
    pick: (f) => f.imaptest10?.commandsPerS,
  },
  {
    metric: 'imaptest stress, 50 clients',
    unit: 'cmd/s',
    better: 'higher',
    pick: (f) => f.imaptest50?.commandsPerS,
  },
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
