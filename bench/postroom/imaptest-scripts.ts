// imaptest's scripted tests (its tests/ folder) against one server, one test at a time,
// so each gets its own pass/fail line; the output of every test that did not pass is
// saved to a file for whoever fixes it.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imaptestBinary, parseImaptestScripted, type ScriptedSummary } from '../lib/imaptest.js';
import { runProgram } from '../lib/process.js';
import type { Target } from '../lib/target.js';

export type ScriptStatus = 'pass' | 'fail' | 'skipped' | 'error';

export interface ScriptResult {
  readonly name: string;
  readonly status: ScriptStatus;
  /** "3/25 base, 0/0 extensions failed", or the error. */
  readonly detail: string;
  /** Where the output was saved (tests that did not pass). */
  readonly file: string | null;
}

/** Test scripts in the folder: every file except the .mbox inputs (folders like broken/ are skipped). */
export async function listScriptedTests(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith('.mbox') || name.startsWith('.')) continue;
    if ((await stat(join(dir, name))).isFile()) names.push(name);
  }
  return names;
}

export function classify(s: ScriptedSummary): { status: ScriptStatus; detail: string } {
  const detail = `${s.baseFailed}/${s.baseTotal} base, ${s.extFailed}/${s.extTotal} extension commands failed`;
  if (s.skipped > 0 && s.groupsFailed === 0) return { status: 'skipped', detail: 'missing capability' };
  // imaptest drops a script's commands without counting it as skipped when the server
  // lacks the extension (CATENATE, URLAUTH): nothing ran, so nothing passed.
  if (s.baseTotal === 0 && s.extTotal === 0)
    return { status: 'skipped', detail: 'no command ran (capability not offered)' };
  if (s.groupsFailed > 0 || s.baseFailed > 0 || s.extFailed > 0) return { status: 'fail', detail };
  return { status: 'pass', detail };
}

export async function runScriptedTests(
  t: Target,
  testsDir: string,
  outDir: string,
  log: (line: string) => void,
): Promise<ScriptResult[]> {
  const out: ScriptResult[] = [];
  for (const name of await listScriptedTests(testsDir)) {
    let result: ScriptResult;
    let output = '';
    const args = [`host=${t.host}`, `port=${t.port}`, `user=${t.user}`, `pass=${t.pass}`];
    try {
      const r = await runProgram(imaptestBinary(), [...args, `test=${join(testsDir, name)}`], {
        timeoutMs: 120_000,
      });
      output = `${r.stdout}\n${r.stderr}${r.timedOut ? '\n(timed out after 120 s)' : ''}`;
      result = { name, ...classify(parseImaptestScripted(output)), file: null };
    } catch (e) {
      output = `${(e as Error).message}\n${output}`;
      result = { name, status: 'error', detail: (e as Error).message.split('\n')[0] ?? '', file: null };
    }
    if (result.status !== 'pass') {
      const file = join(outDir, `${name}.txt`);
      await writeFile(file, output);
      result = { ...result, file };
    }
    log(`imaptest script ${name.padEnd(32)} ${result.status.padEnd(7)} ${result.detail}`);
    out.push(result);
  }
  return out;
}

export function summarizeScripts(results: readonly ScriptResult[]): string {
  const count = (s: ScriptStatus) => results.filter((r) => r.status === s).length;
  return `${results.length} scripted tests: ${count('pass')} pass, ${count('fail')} fail, ${count('skipped')} skipped, ${count('error')} could not run`;
}
