// Memory of a server's whole process tree, read from /proc (Linux only).
//
// RSS counts shared pages (libraries, the binary) once per process, so for a
// one-process-per-session server like Dovecot the sum over-states what the
// sessions really cost; PSS divides each shared page among the processes that
// map it, so the PSS sum is the honest total. We report both.
import { readdir, readFile } from 'node:fs/promises';

export interface MemoryFigures {
  readonly rssKiB: number;
  readonly pssKiB: number;
}

export interface TreeSample extends MemoryFigures {
  readonly pids: readonly number[];
  /** Processes whose smaps_rollup could not be read (PSS then counts as 0 for them). */
  readonly pssMissing: number;
}

/** Parses /proc/<pid>/smaps_rollup: the `Rss:` and `Pss:` lines, in KiB. */
export function parseSmapsRollup(text: string): MemoryFigures {
  const rss = /^Rss:\s+(\d+)\s+kB$/m.exec(text);
  const pss = /^Pss:\s+(\d+)\s+kB$/m.exec(text);
  if (!rss || !pss) throw new Error('smaps_rollup: no Rss/Pss lines');
  return { rssKiB: Number(rss[1]), pssKiB: Number(pss[1]) };
}

/** Parses `VmRSS:` of /proc/<pid>/status (KiB); 0 for kernel threads / zombies. */
export function parseStatusRss(text: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Parent pid from /proc/<pid>/stat. The command name (field 2) is in
 * parentheses and may itself contain spaces and ')', so fields are counted
 * from the LAST ')' (proc(5)).
 */
export function parseStatPpid(text: string): number {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('stat: no command field');
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  if (!Number.isInteger(ppid)) throw new Error('stat: bad ppid field');
  return ppid;
}

/** root and all its descendants, given a pid -> parent pid map. */
export function descendants(root: number, parentOf: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentOf) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const out: number[] = [];
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out.sort((a, b) => a - b);
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null; // the process exited meanwhile, or we may not read it
  }
}

async function parentMap(): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readOrNull(`/proc/${name}/stat`);
    if (stat === null) continue;
    try {
      map.set(Number(name), parseStatPpid(stat));
    } catch {
      // unparsable stat: skip this process
    }
  }
  return map;
}

/** Memory of one process; null when it is gone. */
export async function sampleProcess(pid: number): Promise<(MemoryFigures & { pssKnown: boolean }) | null> {
  const rollup = await readOrNull(`/proc/${pid}/smaps_rollup`);
  if (rollup !== null) {
    try {
      return { ...parseSmapsRollup(rollup), pssKnown: true };
    } catch {
      // fall through to status (e.g. kernel thread with an empty rollup)
    }
  }
  const status = await readOrNull(`/proc/${pid}/status`);
  if (status === null) return null;
  return { rssKiB: parseStatusRss(status), pssKiB: 0, pssKnown: false };
}

/** Sums RSS and PSS over `rootPid` and every descendant process. */
export async function sampleProcessTree(rootPid: number): Promise<TreeSample> {
  const pids = descendants(rootPid, await parentMap());
  let rssKiB = 0;
  let pssKiB = 0;
  let pssMissing = 0;
  const alive: number[] = [];
  for (const pid of pids) {
    const m = await sampleProcess(pid);
    if (m === null) continue;
    alive.push(pid);
    rssKiB += m.rssKiB;
    pssKiB += m.pssKiB;
    if (!m.pssKnown) pssMissing++;
  }
  return { pids: alive, rssKiB, pssKiB, pssMissing };
}
