// Runs an external program (load scripts, imaptest) and collects its output.
import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Killed (SIGTERM, then SIGKILL after 5 s) when it runs longer than this. */
  readonly timeoutMs: number;
  /** Called for each complete stdout line as it arrives (e.g. to sample memory at a phase). */
  readonly onLine?: (line: string) => void;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Keeps at most this much of each stream (the scripts print a few KB; imaptest a few hundred). */
const MAX_CAPTURE = 8 * 1024 * 1024;

export function runProgram(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, opts.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += s;
      if (!opts.onLine) return;
      partial += s;
      let nl = partial.indexOf('\n');
      while (nl >= 0) {
        opts.onLine(partial.slice(0, nl).replace(/\r$/, ''));
        partial = partial.slice(nl + 1);
        nl = partial.indexOf('\n');
      }
    });
    child.stderr.on('data', (s: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += s;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      reject(new Error(`cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (opts.onLine && partial.length > 0) opts.onLine(partial);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
