// Locates and runs the shared Python load scripts (standard library only).
import { join } from 'node:path';
import { type RunOptions, type RunResult, runProgram } from '../process.js';
import type { UserRange } from '../target.js';

/** Folder holding pop3_load.py, idle_hold.py, seed_imap.py, gen_mbox.py; override with BENCH_TOOLS_DIR. */
export function benchToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENCH_TOOLS_DIR ?? '/work/shared/bench';
}

export function runPythonScript(
  script: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<RunResult> {
  const python = process.env.PYTHON ?? 'python3';
  return runProgram(python, [join(benchToolsDir(), script), ...args], opts);
}

/** Error text for a failed run: the last lines of stderr (or stdout). */
export function failure(what: string, r: RunResult): Error {
  const tail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-5).join('\n');
  const how = r.timedOut ? 'timed out' : `exited with ${r.code ?? r.signal}`;
  return new Error(`${what} ${how}${tail ? `:\n${tail}` : ''}`);
}

/** The --user-pattern/--user-start/--users arguments every script shares. */
export function userRangeArgs(u: UserRange): string[] {
  return ['--user-pattern', u.pattern, '--user-start', String(u.start), '--users', String(u.count)];
}
