// The comparison suite: every figure of docs/benchmarks.md, measured on one
// server through real sockets. Server-agnostic: what differs between Postroom
// and Dovecot (ports, which users exist, how a 100,000-message mailbox is
// filled quickly, which processes to weigh) comes in SuiteServer.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { MARKER_WORD, markerCount, syntheticMessage } from '../lib/corpus.js';
import {
  type AppendResult,
  type FetchBodiesResult,
  mailboxSize,
  measureAppend,
  measureFetchBodies,
  measureSearchText,
  measureSelectAndFlags,
  type SearchResult,
  type SelectFlagsResult,
} from '../lib/imap-measures.js';
import { imaptestAvailable, runImaptestStress, type StressResult } from '../lib/imaptest.js';
import { type IdleHoldResult, runIdleHold } from '../lib/scripts/idle-hold.js';
import { type Pop3LoadResult, runPop3Load } from '../lib/scripts/pop3-load.js';
import { runSeedImap } from '../lib/scripts/seed-imap.js';
import { type Target, type UserRange, userName } from '../lib/target.js';

export interface SuiteServer {
  readonly name: string;
  readonly host: string;
  readonly imapPort: number;
  readonly pop3Port: number;
  readonly pass: string;
  readonly users: {
    /** INBOX filled with the synthetic corpus by fillBigMailbox. */
    readonly big: string;
    /** INBOX filled with the realistic mbox (seed_imap.py) for full-body FETCH. */
    readonly bodies: string;
    /** Gets a scratch mailbox for the APPEND runs (created and deleted). */
    readonly append: string;
    /** imaptest's user (its stress mix appends and expunges in INBOX). */
    readonly imaptest: string;
    /** POP3 maildrops, filled from the realistic mbox when short of mail. */
    readonly pop3: UserRange;
    /** IDLE connections cycle over these users. */
    readonly idle: UserRange;
  };
  /** Regex on /proc/PID/cmdline selecting the server's processes (idle_hold.py's memory figure). */
  readonly procMatch: string;
  /** Root pid of the server's process tree, for bench/lib/memory.ts samples. */
  readonly serverPid?: number;
  /** Makes sure users.big's INBOX holds at least `count` messages of the synthetic corpus (fast path). */
  readonly fillBigMailbox: (count: number) => Promise<void>;
  /**
   * Makes sure `address`'s INBOX holds the first `count` messages of the realistic mbox by
   * the server's own fast path; without it they are APPENDed by seed_imap.py when short.
   */
  readonly fillRealisticMail?: (address: string, count: number) => Promise<void>;
}

export const FIGURES = [
  'select',
  'search',
  'bodies',
  'append',
  'pop3',
  'idle',
  'idle-serial',
  'imaptest',
] as const;
export type FigureName = (typeof FIGURES)[number];

export interface SuiteOptions {
  readonly only: ReadonlySet<FigureName>;
  readonly bigCount: number;
  /** Realistic mail (gen_mbox.py output) for the bodies, POP3 and imaptest figures. */
  readonly mbox: string;
  readonly idleCount: number;
  readonly pop3Secs: number;
  readonly imaptestSecs: number;
  readonly log: (line: string) => void;
}

/** The defaults every figure in docs/benchmarks.md was measured with. */
export const DEFAULT_SUITE_OPTIONS: SuiteOptions = {
  only: new Set(FIGURES),
  bigCount: 100_000,
  mbox: '/tmp/bench.mbox',
  idleCount: 1000,
  pop3Secs: 20,
  imaptestSecs: 30,
  log: (line) => console.error(line),
};

export interface Figures {
  server: string;
  selectFlags?: SelectFlagsResult;
  searchText?: SearchResult & { readonly expectedHits: number };
  fetchBodies?: FetchBodiesResult;
  append1?: AppendResult;
  append10?: AppendResult;
  pop3One?: Pop3LoadResult;
  pop3Fifty?: Pop3LoadResult;
  idleBurst?: IdleHoldResult;
  idleSerial?: IdleHoldResult;
  imaptest10?: StressResult;
  imaptest50?: StressResult;
  /** Figure -> why it could not be measured. */
  errors: Record<string, string>;
  /** Figure -> 1-minute load average when it started (the machines are shared: a busy one skews figures). */
  loadAvg: Record<string, number>;
}

export interface MachineFacts {
  readonly nproc: number;
  readonly cpu: string;
  readonly node: string;
  readonly memTotalMiB: number;
}

export function machineFacts(): MachineFacts {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    memTotalMiB: Math.round(totalmem() / 1024 / 1024),
  };
}

/** Realistic messages the bodies figure fetches and each POP3 maildrop holds. */
export const BODIES_MESSAGES = 2000;
export const POP3_MESSAGES = 200;
/**
 * Both servers are measured as they run, not as they start: a Node server compiles its
 * hot code over its first requests (a fresh Postroom gave 342, 391, 682, 684 MB/s over
 * its first four FETCHes of bodies), Dovecot's C code needs no warm-up. So the warm
 * SELECT is the median of runs 2..SELECT_RUNS (the first is reported apart), FETCH of
 * bodies the best of runs 2..FETCH_RUNS, and APPEND starts its clock after a few
 * APPENDs on each connection (measureAppend's warmup).
 */
const SELECT_RUNS = 8;
const FETCH_RUNS = 5;

export async function measureSuite(s: SuiteServer, o: SuiteOptions): Promise<Figures> {
  const imap = (user: string): Target => ({ host: s.host, port: s.imapPort, user, pass: s.pass });
  const f: Figures = { server: s.name, errors: {}, loadAvg: {} };
  const step = async (name: FigureName, fn: () => Promise<void>): Promise<void> => {
    if (!o.only.has(name)) return;
    const load = loadavg()[0] ?? 0;
    f.loadAvg[name] = load;
    o.log(`[${s.name}] ${name} ... (load average ${load.toFixed(1)})`);
    try {
      await fn();
    } catch (e) {
      f.errors[name] = (e as Error).message;
      o.log(`[${s.name}] ${name} failed: ${(e as Error).message}`);
    }
  };

  if (o.only.has('select') || o.only.has('search')) await s.fillBigMailbox(o.bigCount);
  await step('select', async () => {
    f.selectFlags = await measureSelectAndFlags(imap(s.users.big), 'INBOX', SELECT_RUNS);
  });
  await step('search', async () => {
    const r = await measureSearchText(imap(s.users.big), 'INBOX', MARKER_WORD, 3);
    f.searchText = { ...r, expectedHits: markerCount(o.bigCount) };
    if (r.hits !== markerCount(o.bigCount)) {
      throw new Error(`SEARCH TEXT found ${r.hits} messages, expected ${markerCount(o.bigCount)}`);
    }
  });
  await step('bodies', async () => {
    const t = imap(s.users.bodies);
    if (s.fillRealisticMail) await s.fillRealisticMail(s.users.bodies, BODIES_MESSAGES);
    else if ((await mailboxSize(t)) < BODIES_MESSAGES) {
      await runSeedImap(
        { host: s.host, port: s.imapPort },
        {
          mbox: o.mbox,
          users: { pattern: s.users.bodies, start: 0, count: 1 },
          pass: s.pass,
          limit: BODIES_MESSAGES,
        },
      );
    }
    f.fetchBodies = await measureFetchBodies(t, 'INBOX', `1:${BODIES_MESSAGES}`, FETCH_RUNS);
  });
  await step('append', async () => {
    // A header unique to this run: every APPEND stores new content. Postroom stores a
    // body once however often it arrives, so repeating the last run's messages would
    // measure a shortcut Dovecot does not take.
    const run = `${Date.now()}-${process.pid}`;
    const message = (i: number): Buffer =>
      Buffer.concat([Buffer.from(`X-Bench-Run: ${run}\r\n`), syntheticMessage(i)]);
    const t = imap(s.users.append);
    f.append1 = await measureAppend(t, {
      count: 2000,
      connections: 1,
      message,
      mailbox: 'bench-append',
      warmup: 200,
    });
    f.append10 = await measureAppend(t, {
      count: 5000,
      connections: 10,
      message,
      mailbox: 'bench-append',
      warmup: 20,
    });
  });
  await step('pop3', async () => {
    const pop3 = { host: s.host, port: s.pop3Port };
    const u = s.users.pop3;
    const short: number[] = [];
    for (let i = 0; i < u.count; i++) {
      if (s.fillRealisticMail) await s.fillRealisticMail(userName(u, i), POP3_MESSAGES);
      else if ((await mailboxSize(imap(userName(u, i)))) < POP3_MESSAGES) short.push(i);
    }
    for (const i of short) {
      await runSeedImap(
        { host: s.host, port: s.imapPort },
        {
          mbox: o.mbox,
          users: { pattern: userName(u, i), start: 0, count: 1 },
          pass: s.pass,
          limit: POP3_MESSAGES,
        },
      );
    }
    // One session per user first: a server that caches verified credentials (Postroom's
    // authenticator, a production Dovecot's auth cache) then measures downloads, not hashing.
    await runPop3Load(pop3, { clients: u.count, secs: 1, retrPerSession: 0, users: u, pass: s.pass });
    const common = { secs: o.pop3Secs, retrPerSession: 5, users: u, pass: s.pass };
    f.pop3One = await runPop3Load(pop3, { ...common, clients: 1 });
    f.pop3Fifty = await runPop3Load(pop3, { ...common, clients: 50 });
  });
  const idle = (mode: 'burst' | 'serial') =>
    runIdleHold(
      { host: s.host, port: s.imapPort },
      {
        count: o.idleCount,
        users: s.users.idle,
        pass: s.pass,
        settleSecs: 10,
        notifyMode: mode,
        procMatch: s.procMatch,
        ...(s.serverPid !== undefined ? { serverPid: s.serverPid } : {}),
      },
    );
  await step('idle', async () => {
    f.idleBurst = await idle('burst');
  });
  await step('idle-serial', async () => {
    f.idleSerial = await idle('serial');
  });
  await step('imaptest', async () => {
    if (!imaptestAvailable())
      throw new Error('imaptest binary not found (set IMAPTEST_BIN; see docs/benchmarks.md)');
    const t = imap(s.users.imaptest);
    f.imaptest10 = await runImaptestStress(t, { mbox: o.mbox, clients: 10, secs: o.imaptestSecs });
    f.imaptest50 = await runImaptestStress(t, { mbox: o.mbox, clients: 50, secs: o.imaptestSecs });
  });
  return f;
}
