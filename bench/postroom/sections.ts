// The sections of `npm run bench` that measure a running Postroom next to the Dovecot
// reference: prepare the data directory, start the server as a child process, learn
// which IMAP commands it answers, then run each section's suite figures on both
// servers and print one table per section.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { imaptestAvailable, imaptestTestsDir } from '../lib/imaptest.js';
import { runPythonScript } from '../lib/scripts/python.js';
import { formatComparisonTable } from '../lib/table.js';
import { userName } from '../lib/target.js';
import { measureDovecotReference, REFERENCE_USERS } from '../reference/dovecot.js';
import { comparisonRows, type FigureNotes } from '../reference/rows.js';
import {
  BODIES_MESSAGES,
  DEFAULT_SUITE_OPTIONS,
  type FigureName,
  type Figures,
  measureSuite,
  POP3_MESSAGES,
  type SuiteOptions,
  type SuiteServer,
} from '../reference/suite.js';
import { type BenchArgs, SECTION_FIGURES, SECTIONS, type Section } from './args.js';
import { type ImapSupport, probeImap, unsupportedReason } from './imap-support.js';
import { runScriptedTests, type ScriptResult, summarizeScripts } from './imaptest-scripts.js';
import { formatLiveSearch, type LiveSearchResult, runLiveSearchBench } from './live-search.js';
import { type PreparePlan, preparePostroomData } from './prepare.js';
import { type PostroomServer, postroomSuiteServer, startPostroomServer } from './server.js';
import { BENCH_PASS } from './users.js';

/** Every section but those measuring Postroom's code in this process. */
export const SERVER_SECTIONS: readonly Section[] = SECTIONS.filter(
  (s) => s !== 'store' && s !== 'smtp' && s !== 'sieve',
);

export interface SectionOutput {
  readonly section: Section;
  readonly postroom: Figures | null;
  readonly dovecot: Figures | null;
  readonly text: string;
}

export interface ServerRun {
  readonly imapSupport: ImapSupport;
  readonly sections: SectionOutput[];
  scripts: ScriptResult[] | null;
  liveSearch: LiveSearchResult | null;
}

const POP3_USERS = Array.from({ length: REFERENCE_USERS.pop3.count }, (_, i) =>
  userName(REFERENCE_USERS.pop3, i),
);
const SCRIPT_USER = 'user6@example.test';
export const SCRIPTS_OUT_DIR = '/tmp/postroom-imaptest-scripts';

async function ensureMbox(path: string, log: (l: string) => void): Promise<void> {
  if (existsSync(path)) return;
  log(`generating ${path} (gen_mbox.py --count ${BODIES_MESSAGES})`);
  const r = await runPythonScript('gen_mbox.py', ['--count', String(BODIES_MESSAGES), '--out', path], {
    timeoutMs: 600_000,
  });
  if (r.code !== 0) throw new Error(`gen_mbox.py failed: ${r.stderr.trim()}`);
}

export function preparePlan(sections: readonly Section[], bigCount: number, mbox: string): PreparePlan {
  const users: { address: string; count: number }[] = [];
  if (sections.includes('imap')) users.push({ address: REFERENCE_USERS.bodies, count: BODIES_MESSAGES });
  if (sections.includes('pop3')) for (const a of POP3_USERS) users.push({ address: a, count: POP3_MESSAGES });
  const big = sections.includes('imap') || sections.includes('live-search');
  return {
    big: big ? { address: REFERENCE_USERS.big, count: bigCount } : null,
    realistic: users.length > 0 ? { mbox, users } : null,
  };
}

function notRunning(figures: readonly FigureName[]): FigureNotes {
  return Object.fromEntries(figures.map((f) => [f, 'not measured']));
}

function errorLines(f: Figures | null): string[] {
  if (!f) return [];
  return Object.entries(f.errors).map(([name, why]) => `  ${f.server} ${name}: ${why.split('\n')[0]}`);
}

export async function runServerSections(
  args: BenchArgs,
  log: (line: string) => void,
  print: (text: string) => void,
): Promise<ServerRun> {
  const sections = args.sections.filter((s) => SERVER_SECTIONS.includes(s));
  const opts: SuiteOptions = {
    ...DEFAULT_SUITE_OPTIONS,
    bigCount: args.bigCount,
    idleCount: args.idleCount,
    pop3Secs: args.pop3Secs,
    imaptestSecs: args.imaptestSecs,
    log,
  };
  // The realistic mail feeds the bodies, POP3 and imaptest figures only.
  if (sections.some((s) => s !== 'live-search')) await ensureMbox(opts.mbox, log);
  if (args.fresh) await rm(args.dataDir, { recursive: true, force: true });
  await mkdir(args.dataDir, { recursive: true });
  const prep = await preparePostroomData(args.dataDir, preparePlan(sections, args.bigCount, opts.mbox), log);
  log(`postroom: data directory ${args.dataDir} ready in ${(prep.ms / 1000).toFixed(1)} s`);
  const plan = preparePlan(sections, args.bigCount, opts.mbox);
  const server = await startPostroomServer(args.dataDir, { probe: sections.includes('live-search') });
  const out: ServerRun = { imapSupport: {}, sections: [], scripts: null, liveSearch: null };
  try {
    const target = postroomSuiteServer(server, {
      bigCount: plan.big?.count ?? 0,
      realistic: new Map(plan.realistic?.users.map((u) => [u.address, u.count]) ?? []),
    });
    log(`postroom: server pid ${server.pid}, ports ${JSON.stringify(server.ports)}`);
    const imapTarget =
      target.imapPort > 0
        ? { host: target.host, port: target.imapPort, user: target.users.append, pass: BENCH_PASS }
        : null;
    const support = await probeImap(imapTarget);
    Object.assign(out.imapSupport, support);
    const missing = Object.entries(support).map(([c, why]) => `${c}: ${why}`);
    log(
      `postroom: IMAP ${missing.length === 0 ? 'answers every probed command' : `lacks ${missing.join('; ')}`}`,
    );

    for (const section of sections) {
      if (section === 'imaptest-scripts') {
        out.scripts = await scripts(imapTarget, log, print);
        continue;
      }
      if (section === 'live-search') {
        out.liveSearch = await liveSearch(target, server, args, log, print);
        continue;
      }
      const figures = SECTION_FIGURES[section];
      const notes: FigureNotes = {};
      const measurable = figures.filter((f) => {
        const why = unsupportedReason(f, support);
        if (why) notes[f] = why;
        return why === null;
      });
      const p: Figures =
        measurable.length > 0
          ? await measureSuite(target, { ...opts, only: new Set(measurable) })
          : { server: 'Postroom', errors: {}, loadAvg: {} };
      const d = args.dovecot ? await measureDovecotReference({ ...opts, only: new Set(figures) }) : null;
      const rows = comparisonRows(p, d, { postroom: notes, ...(d ? {} : { dovecot: notRunning(figures) }) });
      const text = [`## ${section}`, formatComparisonTable(rows), ...errorLines(p), ...errorLines(d)].join(
        '\n',
      );
      print(`${text}\n`);
      out.sections.push({ section, postroom: p, dovecot: d, text });
    }
  } finally {
    await server.stop();
  }
  return out;
}

async function liveSearch(
  target: SuiteServer,
  server: PostroomServer,
  args: BenchArgs,
  log: (line: string) => void,
  print: (text: string) => void,
): Promise<LiveSearchResult | null> {
  const at = (user: string) => ({ host: target.host, port: target.imapPort, user, pass: BENCH_PASS });
  if (target.imapPort === 0 || !server.probe) {
    print('## live-search\nn/a (no IMAP server)\n');
    return null;
  }
  try {
    const r = await runLiveSearchBench({
      target: at(target.users.big),
      probeTarget: at(target.users.append),
      probe: server.probe,
      sessions: args.liveSessions,
      rounds: args.quick ? 3 : 10,
      log,
    });
    print(`${formatLiveSearch(r)}\n`);
    return r;
  } catch (e) {
    print(`## live-search\nfailed: ${(e as Error).message}\n`);
    return null;
  }
}

async function scripts(
  t: { host: string; port: number; pass: string } | null,
  log: (line: string) => void,
  print: (text: string) => void,
): Promise<ScriptResult[] | null> {
  if (!t) {
    print('## imaptest-scripts\nn/a (no IMAP server)\n');
    return null;
  }
  if (!imaptestAvailable()) {
    print('## imaptest-scripts\nn/a (imaptest binary not found; see docs/benchmarks.md)\n');
    return null;
  }
  await mkdir(SCRIPTS_OUT_DIR, { recursive: true });
  const results = await runScriptedTests(
    { ...t, user: SCRIPT_USER },
    imaptestTestsDir(),
    SCRIPTS_OUT_DIR,
    log,
  );
  const lines = results.map((r) => `| ${r.name} | ${r.status} | ${r.detail} |`);
  print(
    [
      '## imaptest-scripts (Postroom)',
      '| test | result | detail |',
      '|---|---|---|',
      ...lines,
      summarizeScripts(results),
      `output of every test that did not pass: ${SCRIPTS_OUT_DIR}/<test>.txt`,
      '',
    ].join('\n'),
  );
  return results;
}
