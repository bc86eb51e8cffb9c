// Postroom and the Dovecot reference measured back to back by the same suite,
// as one table: what `npm run bench` calls once Postroom is listening.
import { type ComparisonRow, formatComparisonTable } from '../lib/table.js';
import { measureDovecotReference } from './dovecot.js';
import { comparisonRows } from './rows.js';
import {
  type Figures,
  type MachineFacts,
  machineFacts,
  measureSuite,
  type SuiteOptions,
  type SuiteServer,
} from './suite.js';

export interface Comparison {
  readonly machine: MachineFacts;
  /** null when only the reference was measured (bench/reference/main.ts). */
  readonly postroom: Figures | null;
  /** null when the reference is not running (its column then shows "—"). */
  readonly dovecot: Figures | null;
  readonly rows: readonly ComparisonRow[];
}

/** Measures `postroom`, then the reference, with the same options; prints nothing. */
export async function compareWithDovecot(postroom: SuiteServer, opts: SuiteOptions): Promise<Comparison> {
  const p = await measureSuite(postroom, opts);
  const d = await measureDovecotReference(opts);
  return { machine: machineFacts(), postroom: p, dovecot: d, rows: comparisonRows(p, d) };
}

/** The comparison as text: machine line, table, and what could not be measured on either side. */
export function formatComparison(c: Comparison): string {
  const m = c.machine;
  const lines = [`machine: ${m.nproc} CPUs (${m.cpu}), ${m.memTotalMiB} MiB, Node ${m.node}`];
  lines.push(formatComparisonTable(c.rows));
  for (const f of [c.postroom, c.dovecot]) {
    if (!f) continue;
    for (const [name, why] of Object.entries(f.errors))
      lines.push(`not measured on ${f.server}: ${name}: ${why}`);
  }
  return lines.join('\n');
}
