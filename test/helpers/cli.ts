// Runs the real CLI (`node bin/postroom.js ...`) as a child process, as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PORT_NAMES, type PortName } from '../../src/config/ports.js';

/** The repository root (this file runs from dist/test/helpers/). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'postroom.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's standard input, which is then closed. */
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
}

export function spawnPostroom(args: string[], opts: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, POSTROOM_DEBUG: '', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** `postroom serve --data DIR` on 127.0.0.1 with JSON logs: the listeners in `ports` on
 *  those ports, every other one off. */
export function spawnServe(data: string, ports: Partial<Record<PortName, number>>): ChildProcess {
  const flags = PORT_NAMES.flatMap((p) => [`--${p}-port`, String(ports[p] ?? 0)]);
  return spawnPostroom(['serve', '--data', data, '--host', '127.0.0.1', '--log-format', 'json', ...flags]);
}

/** Runs to completion and collects the output. */
export function runPostroom(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const child = spawnPostroom(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin?.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the output so far once `pattern` appears on the child's stdout or stderr. */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        cleanup();
        resolve(seen);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`process exited (${code}) before ${pattern}; output:\n${seen}`));
    };
    const cleanup = () => {
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}
