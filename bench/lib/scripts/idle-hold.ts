// idle_hold.py: N authenticated connections in IDLE; server memory; new-mail latency.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { has, type Json, num, numOrNull, parseJson } from '../json-fields.js';
import { sampleProcessTree, type TreeSample } from '../memory.js';
import type { Endpoint, UserRange } from '../target.js';
import { failure, runPythonScript, userRangeArgs } from './python.js';

export interface IdleHoldOptions {
  readonly count: number;
  readonly users: UserRange;
  readonly pass: string;
  readonly mailbox?: string;
  /** Seconds between "all in IDLE" and the memory sample that counts (Dovecot hibernates after 5 s). */
  readonly settleSecs: number;
  /** burst = one APPEND per user all at once; serial = one user after another. */
  readonly notifyMode: 'burst' | 'serial';
  /** Only the first N users get a new message (0 = all users with idlers). */
  readonly notifyUsers?: number;
  /** Regex on /proc/PID/cmdline selecting the server's processes (the script's own memory figure). */
  readonly procMatch?: string;
  /** When given, the whole process tree under this pid is also sampled by bench/lib/memory.ts. */
  readonly serverPid?: number;
  readonly ramp?: number;
}

export interface ScriptMemory {
  readonly processes: number;
  readonly rssKiB: number;
  readonly pssKiB: number;
}

export interface IdleHoldResult {
  readonly connected: number;
  readonly connectErrors: number;
  readonly connectSecs: number;
  readonly before: ScriptMemory;
  /** One second after every connection entered IDLE (Dovecot: before hibernation). */
  readonly awake: ScriptMemory;
  /** The sample that counts: after settle when settleSecs > 0, else the awake one. */
  readonly idle: ScriptMemory;
  readonly rssPerConnKiB: number | null;
  readonly pssPerConnKiB: number | null;
  readonly notify: {
    readonly mode: string;
    readonly watched: number;
    readonly notified: number;
    readonly missed: number;
    readonly medianMs: number | null;
    readonly p90Ms: number | null;
    readonly p99Ms: number | null;
    readonly maxMs: number | null;
  };
  /** Process-tree samples by pid (bench/lib/memory.ts), when serverPid was given. */
  readonly tree?: { readonly before: TreeSample; readonly idle: TreeSample };
}

function mem(j: Json, key: string): ScriptMemory {
  return {
    processes: num(j, `${key}.processes`),
    rssKiB: num(j, `${key}.rss_kib`),
    pssKiB: num(j, `${key}.pss_kib`),
  };
}

/** Parses the --json document idle_hold.py writes. */
export function parseIdleHoldJson(text: string): IdleHoldResult {
  const j = parseJson(text, 'idle_hold.py');
  const connected = num(j, 'connected_idle');
  return {
    connected,
    connectErrors: num(j, 'connect_errors'),
    connectSecs: num(j, 'connect_secs'),
    before: mem(j, 'mem_before'),
    awake: mem(j, 'mem_idle'),
    idle: has(j, 'mem_settled') ? mem(j, 'mem_settled') : mem(j, 'mem_idle'),
    rssPerConnKiB: connected > 0 ? numOrNull(j, 'rss_per_conn_kib') : null,
    pssPerConnKiB: connected > 0 ? numOrNull(j, 'pss_per_conn_kib') : null,
    notify: {
      mode: String((j as { notify?: { mode?: unknown } }).notify?.mode ?? ''),
      watched: num(j, 'notify.idlers_watched'),
      notified: num(j, 'notify.idlers_notified'),
      missed: num(j, 'notify.missed'),
      medianMs: numOrNull(j, 'notify.latency_ms.median'),
      p90Ms: numOrNull(j, 'notify.latency_ms.p90'),
      p99Ms: numOrNull(j, 'notify.latency_ms.p99'),
      maxMs: numOrNull(j, 'notify.latency_ms.max'),
    },
  };
}

export async function runIdleHold(server: Endpoint, o: IdleHoldOptions): Promise<IdleHoldResult> {
  const dir = await mkdtemp(join(tmpdir(), 'idle-hold-'));
  const jsonPath = join(dir, 'result.json');
  const args = [
    ...['--host', server.host, '--port', String(server.port), '--count', String(o.count)],
    ...userRangeArgs(o.users),
    ...['--password', o.pass, '--mailbox', o.mailbox ?? 'INBOX', '--settle', String(o.settleSecs)],
    ...['--notify-mode', o.notifyMode, '--notify-users', String(o.notifyUsers ?? 0)],
    ...['--ramp', String(o.ramp ?? 50), '--json', jsonPath],
    ...(o.procMatch ? ['--proc-match', o.procMatch] : []),
  ];
  // Our own tree samples are taken when the script prints the matching phase line.
  const samples: { before?: Promise<TreeSample>; idle?: Promise<TreeSample> } = {};
  const pid = o.serverPid;
  const onLine =
    pid === undefined
      ? undefined
      : (line: string): void => {
          if (line.startsWith('[before]')) samples.before = sampleProcessTree(pid);
          else if (line.startsWith('[idle +')) samples.idle = sampleProcessTree(pid); // last one wins
        };
  try {
    const r = await runPythonScript('idle_hold.py', args, {
      timeoutMs: (o.settleSecs + 300 + o.count / 10) * 1000,
      ...(onLine ? { onLine } : {}),
    });
    if (r.code !== 0 && r.code !== 2) throw failure('idle_hold.py', r);
    const result = parseIdleHoldJson(await readFile(jsonPath, 'utf8'));
    if (samples.before && samples.idle) {
      return { ...result, tree: { before: await samples.before, idle: await samples.idle } };
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
