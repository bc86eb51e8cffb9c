// Measures the Dovecot reference with the comparison suite and prints the
// table (the Postroom column fills in when bench/run.ts passes its figures).
//   node dist/bench/reference/main.js [--only select,search,...] [--big N]
//        [--idle N] [--pop3-secs S] [--imaptest-secs S] [--mbox FILE] [--json FILE]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatComparison } from './compare.js';
import { measureDovecotReference } from './dovecot.js';
import { comparisonRows } from './rows.js';
import { DEFAULT_SUITE_OPTIONS, FIGURES, type FigureName, machineFacts, type SuiteOptions } from './suite.js';

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} wants a positive whole number, got "${v}"`);
  return n;
}

function figures(v: string | undefined): Set<FigureName> {
  if (v === undefined) return new Set(FIGURES);
  const out = new Set<FigureName>();
  for (const name of v.split(',')) {
    const known = FIGURES.find((f) => f === name.trim());
    if (!known) throw new Error(`--only: unknown figure "${name}" (known: ${FIGURES.join(', ')})`);
    out.add(known);
  }
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      big: { type: 'string' },
      idle: { type: 'string' },
      'pop3-secs': { type: 'string' },
      'imaptest-secs': { type: 'string' },
      mbox: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const d = DEFAULT_SUITE_OPTIONS;
  const opts: SuiteOptions = {
    ...d,
    only: figures(values.only),
    bigCount: positive('big', values.big, d.bigCount),
    idleCount: positive('idle', values.idle, d.idleCount),
    pop3Secs: positive('pop3-secs', values['pop3-secs'], d.pop3Secs),
    imaptestSecs: positive('imaptest-secs', values['imaptest-secs'], d.imaptestSecs),
    mbox: values.mbox ?? d.mbox,
  };
  const dovecot = await measureDovecotReference(opts);
  if (!dovecot) return 1;
  const m = machineFacts();
  console.log(formatComparison({ machine: m, postroom: null, dovecot, rows: comparisonRows(null, dovecot) }));
  if (values.json) await writeFile(values.json, `${JSON.stringify({ machine: m, dovecot }, null, 2)}\n`);
  return Object.keys(dovecot.errors).length === 0 ? 0 : 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`bench/reference: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
