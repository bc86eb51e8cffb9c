// `npm run bench`: Postroom's figures next to the Dovecot reference's, measured in the
// same run with the same client code, one table per section. Progress goes to stderr,
// tables to stdout. See bench/postroom/args.ts for the flags, docs/benchmarks.md for
// what each figure is.
//   npm run bench -- --only imap,pop3 --quick
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { formatComparisonTable } from './lib/table.js';
import { parseBenchArgs } from './postroom/args.js';
import { smtpRows, storeRows } from './postroom/local-rows.js';
import { runServerSections, SERVER_SECTIONS, type ServerRun } from './postroom/sections.js';
import { machineFacts } from './reference/suite.js';
import { runSieveBench, type SieveBenchResult } from './sieve.js';
import { runSmtpBench, type SmtpBenchResult } from './smtp.js';
import { runStoreBench, type StoreBenchResult } from './store.js';

function loadLine(when: string): string {
  const [a, b, c] = loadavg().map((x) => x.toFixed(2));
  return `load average at ${when} (${new Date().toISOString()}): ${a} ${b} ${c} (1/5/15 min)`;
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2), process.env);
  const log = (line: string): void => console.error(line);
  const print = (text: string): void => console.log(text);
  const m = machineFacts();
  print(`machine: ${m.nproc} CPUs (${m.cpu}), ${m.memTotalMiB} MiB, Node ${m.node}`);
  print(`sections: ${args.sections.join(', ')}${args.quick ? ' (quick)' : ''}`);
  print(`${loadLine('start')}\n`);
  let store: StoreBenchResult | null = null;
  let smtp: SmtpBenchResult | null = null;
  let servers: ServerRun | null = null;
  let sieve: SieveBenchResult | null = null;
  if (args.sections.includes('store')) {
    store = await runStoreBench({ mailboxSize: args.storeMailbox, quick: args.quick, log });
    print(
      `## store (Postroom's store and core alone, no sockets)\n${formatComparisonTable(storeRows(store, args.storeMailbox))}\n`,
    );
  }
  if (args.sections.includes('smtp')) {
    smtp = await runSmtpBench({ quick: args.quick, log });
    print(`## smtp\n${formatComparisonTable(smtpRows(smtp))}\n`);
  }
  if (args.sections.includes('sieve')) {
    sieve = await runSieveBench({ log, ...(args.quick ? { deliveries: 200 } : {}) });
    const ratio = sieve.noScript > 0 ? (sieve.withScript / sieve.noScript).toFixed(2) : 'n/a';
    print(
      `## sieve (deliveries/s through the core; Dovecot not measured)\n` +
        `no script: ${sieve.noScript.toFixed(0)}/s, ${sieve.rules}-rule script: ${sieve.withScript.toFixed(0)}/s (x${ratio}); Sieve step alone: ${sieve.evaluateUs.toFixed(0)} us/delivery\n`,
    );
  }
  if (args.sections.some((s) => SERVER_SECTIONS.includes(s)))
    servers = await runServerSections(args, log, print);
  print(loadLine('end'));
  if (args.json) {
    const json = { machine: m, args, loadEnd: loadavg(), store, smtp, sieve, servers };
    await writeFile(args.json, `${JSON.stringify(json, null, 2)}\n`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
