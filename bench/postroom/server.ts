// Starts the Postroom benchmark server (./child.ts) as a child process and describes it
// as a suite target with the same users as the Dovecot reference.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { REFERENCE_USERS } from '../reference/dovecot.js';
import type { SuiteServer } from '../reference/suite.js';
import type { EventLoopDelay, HeapSample, ProbeReply, ProbeRequest, ServerProbe } from './probe.js';
import { BENCH_PASS } from './users.js';

export interface ReadyLine {
  readonly ready: true;
  readonly pid: number;
  readonly ports: Readonly<Record<string, number>>;
}

/** Parses the child's first stdout line; null when it is not the ready line. */
export function parseReadyLine(line: string): ReadyLine | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.ready !== true || typeof o.pid !== 'number' || typeof o.ports !== 'object' || o.ports === null)
    return null;
  const ports: Record<string, number> = {};
  for (const [k, p] of Object.entries(o.ports as Record<string, unknown>)) {
    if (typeof p === 'number' && Number.isInteger(p) && p > 0 && p < 65536) ports[k] = p;
  }
  return { ready: true, pid: o.pid, ports };
}

export interface PostroomServer {
  readonly pid: number;
  readonly ports: Readonly<Record<string, number>>;
  /** Event-loop delay and heap of the server process (started with `probe: true`). */
  readonly probe: ServerProbe | null;
  /** SIGTERM, then SIGKILL when it has not exited within 15 s. */
  stop(): Promise<void>;
}

/** Questions to the child over its IPC channel, matched to answers by id. */
function childProbe(child: ChildProcess): ServerProbe {
  let next = 0;
  const waiting = new Map<number, (r: ProbeReply) => void>();
  child.on('message', (m: ProbeReply) => {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const ask = (op: ProbeRequest['op']): Promise<ProbeReply> =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      child.send({ id, op } satisfies ProbeRequest);
    });
  return {
    eventLoopDelay: async () => (await ask('eld')) as EventLoopDelay,
    heap: async () => (await ask('heap')) as HeapSample,
  };
}

/** POSTROOM_BENCH_NODE_ARGS: extra Node options for the server process alone, e.g.
 *  "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
function childNodeArgs(): string[] {
  return (process.env.POSTROOM_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
}

export interface StartOptions {
  readonly timeoutMs?: number;
  /** IPC channel and --expose-gc, for PostroomServer.probe. */
  readonly probe?: boolean;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'child.js');
/** Matches the child's command line in /proc/PID/cmdline (idle_hold.py --proc-match). */
export const CHILD_PROC_MATCH = String.raw`bench/postroom/child\.js`;

export function startPostroomServer(dataDir: string, opts: StartOptions = {}): Promise<PostroomServer> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [...(opts.probe ? ['--expose-gc'] : []), ...childNodeArgs(), CHILD, '--data', dataDir],
      {
        stdio: opts.probe ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
        // What bin/postroom.js's shebang sets for a server (see there): measured as shipped.
        env: { MALLOC_MMAP_THRESHOLD_: '4194304', ...process.env },
      },
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the Postroom server did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the Postroom server exited before it was ready (${code ?? signal})`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const ready = parseReadyLine(line);
      if (!ready) return;
      clearTimeout(timer);
      lines.close();
      child.stdout?.resume();
      resolve({
        pid: ready.pid,
        ports: ready.ports,
        probe: opts.probe ? childProbe(child) : null,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(kill);
        },
      });
    });
  });
}

/**
 * The running server as a suite target. Its mailboxes were filled before it started
 * (./prepare.ts), so the fill hooks only check that enough is there.
 */
export function postroomSuiteServer(
  s: PostroomServer,
  prepared: { readonly bigCount: number; readonly realistic: ReadonlyMap<string, number> },
): SuiteServer {
  return {
    name: 'Postroom',
    host: '127.0.0.1',
    imapPort: s.ports.imap ?? 0,
    pop3Port: s.ports.pop3 ?? 0,
    pass: BENCH_PASS,
    users: REFERENCE_USERS,
    procMatch: CHILD_PROC_MATCH,
    serverPid: s.pid,
    fillBigMailbox: async (count) => {
      if (count > prepared.bigCount)
        throw new Error(`the data directory was prepared with ${prepared.bigCount} messages, ${count} asked`);
    },
    fillRealisticMail: async (address, count) => {
      const have = prepared.realistic.get(address) ?? 0;
      if (count > have) throw new Error(`${address} was prepared with ${have} messages, ${count} asked`);
    },
  };
}
