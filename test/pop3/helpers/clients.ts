// Runs real POP3 clients (Python poplib, curl, mpop, fetchmail) as child processes.
// Every call has a timeout and resolves with the exit code and output; nothing sleeps.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function run(cmd: string, args: string[], timeoutMs = 60_000, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { encoding: 'buffer', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr: stderr.toString() });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The absolute path of a program on PATH, or null (tests then skip with a message). */
export function which(bin: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, bin);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs an inline Python 3 script; argv[1..] are `args`. stdout is usually JSON. */
export async function python(script: string, args: string[], timeoutMs = 60_000): Promise<RunResult> {
  return run('python3', ['-c', script, ...args], timeoutMs);
}
