// Dovecot's imaptest (stress mix and scripted tests), built by hand outside the
// repository (see docs/benchmarks.md); this only runs the binary and reads its output.
import { existsSync } from 'node:fs';
import { runProgram } from './process.js';
import type { Target } from './target.js';

export function imaptestBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.IMAPTEST_BIN ?? '/work/scratch/imaptest/src/imaptest';
}

export function imaptestAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(imaptestBinary(env));
}

export interface ImaptestTotals {
  /** Command name (imaptest's 4-letter abbreviations: Logi, Sele, Fetc, ...) -> count. */
  readonly perCommand: Readonly<Record<string, number>>;
  readonly total: number;
  /** Lines imaptest printed as errors (protocol or state-tracking violations). */
  readonly errorLines: readonly string[];
}

/**
 * Parses a stress run's output. After "Totals:" imaptest prints a header row
 * of command names, one or two rows of percentages, then the row of counts
 * (one integer per command).
 */
export function parseImaptestTotals(output: string): ImaptestTotals {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const at = lines.lastIndexOf('Totals:');
  if (at < 0) throw new Error('imaptest: no "Totals:" section in its output');
  const names = (lines[at + 1] ?? '').trim().split(/\s+/);
  if (names.length === 0 || names[0] === '') throw new Error('imaptest: no command names after "Totals:"');
  for (const line of lines.slice(at + 2)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== names.length || !cells.every((c) => /^\d+$/.test(c))) continue;
    const perCommand: Record<string, number> = {};
    let total = 0;
    cells.forEach((c, i) => {
      perCommand[names[i] as string] = Number(c);
      total += Number(c);
    });
    const errorLines = lines.filter((l) => /^(Error|Panic|Fatal): /.test(l));
    return { perCommand, total, errorLines };
  }
  throw new Error('imaptest: no row of counts after "Totals:"');
}

export interface ScriptedSummary {
  readonly groups: number;
  readonly groupsFailed: number;
  readonly skipped: number;
  readonly baseFailed: number;
  readonly baseTotal: number;
  readonly extFailed: number;
  readonly extTotal: number;
}

/** Parses the summary a scripted run (test=DIR) prints at its end. */
export function parseImaptestScripted(output: string): ScriptedSummary {
  const g = /(\d+) test groups: (\d+) failed, (\d+) skipped/.exec(output);
  const b = /base protocol: (\d+)\/(\d+) individual commands failed/.exec(output);
  const e = /extensions: (\d+)\/(\d+) individual commands failed/.exec(output);
  if (!g || !b || !e) throw new Error('imaptest: no scripted-test summary in its output');
  return {
    groups: Number(g[1]),
    groupsFailed: Number(g[2]),
    skipped: Number(g[3]),
    baseFailed: Number(b[1]),
    baseTotal: Number(b[2]),
    extFailed: Number(e[1]),
    extTotal: Number(e[2]),
  };
}

export interface StressOptions {
  readonly mbox: string;
  readonly clients: number;
  readonly secs: number;
  /** Extra `key=value` settings passed through (e.g. a profile, `no_pipelining`). */
  readonly extra?: readonly string[];
}

export interface StressResult extends ImaptestTotals {
  readonly clients: number;
  readonly secs: number;
  readonly commandsPerS: number;
}

/** Runs imaptest's default stress mix against `t` (its user is imaptest's `user=`). */
export async function runImaptestStress(t: Target, o: StressOptions): Promise<StressResult> {
  const args = [
    `host=${t.host}`,
    `port=${t.port}`,
    `user=${t.user}`,
    `pass=${t.pass}`,
    `mbox=${o.mbox}`,
    `clients=${o.clients}`,
    `secs=${o.secs}`,
    ...(o.extra ?? []),
  ];
  const r = await runProgram(imaptestBinary(), args, { timeoutMs: (o.secs + 60) * 1000 });
  const totals = parseImaptestTotals(`${r.stdout}\n${r.stderr}`);
  return { ...totals, clients: o.clients, secs: o.secs, commandsPerS: totals.total / o.secs };
}

/** Default folder of imaptest's scripted tests (release-2.3 keeps them in src/tests). */
export function imaptestTestsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.IMAPTEST_TESTS ?? '/work/scratch/imaptest/src/tests';
}

/** Runs imaptest's scripted tests (`test=DIR`, or one test file) against `t`. */
export async function runImaptestScripted(
  t: Target,
  tests = imaptestTestsDir(),
): Promise<ScriptedSummary & { readonly output: string }> {
  const args = [`host=${t.host}`, `port=${t.port}`, `user=${t.user}`, `pass=${t.pass}`, `test=${tests}`];
  const r = await runProgram(imaptestBinary(), args, { timeoutMs: 600_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  return { ...parseImaptestScripted(output), output };
}
