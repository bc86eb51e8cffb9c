// Turns two Figures records into table rows (Postroom vs Dovecot).
import type { Better, ComparisonRow } from '../lib/table.js';
import type { FigureName, Figures } from './suite.js';

interface RowSpec {
  readonly figure: FigureName;
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly pick: (f: Figures) => number | null | undefined;
}

const KIB_PER_MIB = 1024;

function spec(
  figure: FigureName,
  metric: string,
  unit: string,
  better: Better,
  pick: RowSpec['pick'],
): RowSpec {
  return { figure, metric, unit, better, pick };
}

const SPECS: readonly RowSpec[] = [
  spec('select', 'SELECT 100k INBOX, warm', 'ms', 'lower', (f) => f.selectFlags?.selectMs),
  spec('select', 'SELECT 100k INBOX, first', 'ms', 'lower', (f) => f.selectFlags?.firstSelectMs),
  spec('select', 'UID FETCH 1:* (FLAGS), 100k', 'ms', 'lower', (f) => f.selectFlags?.fetchFlagsMs),
  spec('search', 'SEARCH TEXT, 100k', 'ms', 'lower', (f) => f.searchText?.ms),
  spec('search', 'SEARCH TEXT, 100k, first', 'ms', 'lower', (f) => f.searchText?.firstMs),
  spec('bodies', 'FETCH BODY.PEEK[] full bodies', 'MB/s', 'higher', (f) => f.fetchBodies?.mbPerS),
  spec('append', 'APPEND, 1 connection', '/s', 'higher', (f) => f.append1?.perS),
  spec('append', 'APPEND, 10 connections', '/s', 'higher', (f) => f.append10?.perS),
  spec('pop3', 'POP3 RETR, 1 client', '/s', 'higher', (f) => f.pop3One?.retrPerS),
  spec('pop3', 'POP3 RETR, 1 client', 'MB/s', 'higher', (f) => f.pop3One?.mbPerS),
  spec('pop3', 'POP3 RETR, 50 clients', '/s', 'higher', (f) => f.pop3Fifty?.retrPerS),
  spec('pop3', 'POP3 RETR, 50 clients', 'MB/s', 'higher', (f) => f.pop3Fifty?.mbPerS),
  spec('idle', 'IDLE: server RSS, settled', 'MiB', 'lower', (f) =>
    f.idleBurst ? f.idleBurst.idle.rssKiB / KIB_PER_MIB : undefined,
  ),
  spec('idle', 'IDLE: server PSS, settled', 'MiB', 'lower', (f) =>
    f.idleBurst ? f.idleBurst.idle.pssKiB / KIB_PER_MIB : undefined,
  ),
  spec('idle', 'IDLE: server PSS, +1 s (awake)', 'MiB', 'lower', (f) =>
    f.idleBurst ? f.idleBurst.awake.pssKiB / KIB_PER_MIB : undefined,
  ),
  spec('idle', 'IDLE: PSS per connection, settled', 'KiB', 'lower', (f) => f.idleBurst?.pssPerConnKiB),
  spec('idle', 'new mail to all idlers, median', 'ms', 'lower', (f) => f.idleBurst?.notify.medianMs),
  spec('idle', 'new mail to all idlers, p99', 'ms', 'lower', (f) => f.idleBurst?.notify.p99Ms),
  spec('idle-serial', 'new mail user by user, median', 'ms', 'lower', (f) => f.idleSerial?.notify.medianMs),
  spec('idle-serial', 'new mail user by user, p99', 'ms', 'lower', (f) => f.idleSerial?.notify.p99Ms),
  spec('imaptest', 'imaptest stress, 10 clients', 'cmd/s', 'higher', (f) => f.imaptest10?.commandsPerS),
  spec('imaptest', 'imaptest stress, 50 clients', 'cmd/s', 'higher', (f) => f.imaptest50?.commandsPerS),
  spec(
    'imaptest',
    'imaptest stress, 10 clients: errors',
    'lines',
    'lower',
    (f) => f.imaptest10?.errorLines.length,
  ),
  spec(
    'imaptest',
    'imaptest stress, 50 clients: errors',
    'lines',
    'lower',
    (f) => f.imaptest50?.errorLines.length,
  ),
];

/** Text for a figure one side could not measure (e.g. "n/a (FETCH not implemented)"). */
export type FigureNotes = Partial<Record<FigureName, string>>;

/** A figure that failed on a side gets "error (below)" unless a note says more. */
function noteFor(f: Figures | null, notes: FigureNotes | undefined, figure: FigureName): string | undefined {
  return notes?.[figure] ?? (f?.errors[figure] !== undefined ? 'error (below)' : undefined);
}

/**
 * One row per figure; a figure missing on both sides is left out unless one side has a
 * note for it (then the row shows why it is missing).
 */
export function comparisonRows(
  postroom: Figures | null,
  dovecot: Figures | null,
  notes: { readonly postroom?: FigureNotes; readonly dovecot?: FigureNotes } = {},
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const s of SPECS) {
    const p = postroom ? (s.pick(postroom) ?? null) : null;
    const d = dovecot ? (s.pick(dovecot) ?? null) : null;
    const pn = p === null ? noteFor(postroom, notes.postroom, s.figure) : undefined;
    const dn = d === null ? noteFor(dovecot, notes.dovecot, s.figure) : undefined;
    if (p === null && d === null && pn === undefined && dn === undefined) continue;
    rows.push({
      metric: s.metric,
      unit: s.unit,
      better: s.better,
      postroom: p,
      dovecot: d,
      ...(pn !== undefined ? { postroomNote: pn } : {}),
      ...(dn !== undefined ? { dovecotNote: dn } : {}),
    });
  }
  return rows;
}
