// The cost of RFC 5267 live searches (CONTEXT=SEARCH, `SEARCH RETURN (UPDATE)`) on the
// 100,000-message INBOX, Postroom alone (Dovecot has no CONTEXT=SEARCH):
//   - an initial `UID SEARCH RETURN (COUNT UPDATE)` of each kind, next to the same search
//     without UPDATE;
//   - the heap each live search holds (server process, after a full GC);
//   - with N sessions in IDLE, each holding one live search (UNSEEN, FLAGGED, TEXT word,
//     FROM address in turn): how long a delivery, a flag change and an expunge made by
//     another session take to reach every session's ESEARCH ADDTO/REMOVEFROM, and
//     `STORE 1:* +FLAGS (\Seen)` / `-FLAGS` over the whole mailbox, each next to the
//     same change with the sessions idling without live searches;
//   - during each change the server's event-loop delay (perf_hooks, ./probe.ts) and the
//     latency of NOOPs sent back to back by a session of another user.
// The mailbox is left as found: the delivered messages are expunged and the flags cleared.
import { MARKER_WORD } from '../lib/corpus.js';
import { BenchImapClient } from '../lib/imap-client.js';
import type { ImapResponse } from '../lib/imap-reader.js';
import { summarize } from '../lib/stats.js';
import type { Target } from '../lib/target.js';
import { mapLimit, nowMs } from '../lib/timer.js';
import type { EventLoopDelay, ServerProbe } from './probe.js';

export interface LiveKind {
  readonly name: string;
  readonly criteria: string;
}

/** From address of every 97th synthetic message (bench/lib/corpus.ts), and of the deliveries. */
const FROM_ADDRESS = 'sender5@example.org';

export const LIVE_KINDS: readonly LiveKind[] = [
  { name: 'UNSEEN', criteria: 'UNSEEN' },
  { name: 'FLAGGED', criteria: 'FLAGGED' },
  { name: `TEXT "${MARKER_WORD}"`, criteria: `TEXT ${MARKER_WORD}` },
  { name: `FROM ${FROM_ADDRESS}`, criteria: `FROM ${FROM_ADDRESS}` },
];

export interface LiveSearchOptions {
  /** The user with the big INBOX. */
  readonly target: Target;
  /** Another user: the NOOP probe. */
  readonly probeTarget: Target;
  readonly probe: ServerProbe;
  /** Sessions holding a live search (kinds in turn). */
  readonly sessions: number;
  /** Deliveries / flag changes / expunges measured. */
  readonly rounds: number;
  readonly log: (line: string) => void;
}

export interface InitialSearch {
  readonly kind: string;
  readonly hits: number;
  /** Median of `UID SEARCH RETURN (COUNT) ...` (no UPDATE). */
  readonly plainMs: number;
  /** Median of `UID SEARCH RETURN (COUNT UPDATE) ...`. */
  readonly updateMs: number;
  /** Largest event-loop delay of the server during these searches. */
  readonly eldMaxMs: number;
  /** Heap held per live search of this kind. */
  readonly bytesPerSearch: number;
}

export interface ChangeFigure {
  readonly change: string;
  readonly runs: number;
  /** Until the last session got its expected response (median, max over runs). */
  readonly medianMs: number;
  readonly maxMs: number;
  readonly eldMaxMs: number;
  /** Longest GC pause of the server (part of the event-loop delay). */
  readonly gcMaxMs: number;
  readonly noopMaxMs: number;
  /** The same change with the sessions idling without live searches (null: not measured). */
  readonly baseline: {
    readonly ms: number;
    readonly eldMaxMs: number;
    readonly gcMaxMs: number;
    readonly noopMaxMs: number;
  } | null;
}

export interface LiveSearchResult {
  readonly messages: number;
  readonly sessions: number;
  readonly initial: InitialSearch[];
  readonly changes: ChangeFigure[];
}

const EXISTS = /^\* (\d+) EXISTS/i;

/** One change's runs: durations, largest event-loop delay and NOOP latency. */
interface Measured {
  ms: number[];
  eld: number;
  gc: number;
  noop: number;
}
const TIMEOUT_MS = 600_000;

/** A delivery matching every kind: unseen, flagged (APPEND flag), from FROM_ADDRESS, with the word. */
function liveMessage(n: number): Buffer {
  return Buffer.from(
    [
      `From: Live Bench <${FROM_ADDRESS}>`,
      'To: Bench User <bench@example.test>',
      `Subject: live search delivery ${n}`,
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <live-bench-${n}@bench.example.test>`,
      '',
      `A delivery for the live searches, carrying ${MARKER_WORD} in its body.`,
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** A session in IDLE holding (or not) one live search; untagged responses are matched as they arrive. */
interface Watcher {
  readonly client: BenchImapClient;
  readonly kind: LiveKind;
  /** The tag of the command that made the live search (ESEARCH (TAG ...)). */
  tag: string;
  idle: { done(): Promise<unknown> } | null;
  expect: { re: RegExp; resolve: () => void } | null;
}

function waitFor(w: Watcher, re: RegExp): Promise<void> {
  return new Promise((resolve) => {
    w.expect = { re, resolve };
  });
}

/** Sends NOOPs back to back until stopped; the slowest one. */
function noopProbe(c: BenchImapClient): { stop(): Promise<number> } {
  let running = true;
  let max = 0;
  const loop = (async () => {
    while (running) {
      const t0 = nowMs();
      await c.command('NOOP');
      max = Math.max(max, nowMs() - t0);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return max;
    },
  };
}

async function timedChange(
  o: LiveSearchOptions,
  probeClient: BenchImapClient,
  watchers: readonly Watcher[],
  expected: (w: Watcher) => RegExp | null,
  change: () => Promise<unknown>,
): Promise<{ ms: number; eld: EventLoopDelay; noopMaxMs: number }> {
  const waits = watchers.map((w) => {
    const re = expected(w);
    return re ? waitFor(w, re) : Promise.resolve();
  });
  await o.probe.eventLoopDelay();
  const noop = noopProbe(probeClient);
  const t0 = nowMs();
  await change();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(waits),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('live search updates did not all arrive')), TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  const ms = nowMs() - t0;
  const noopMaxMs = await noop.stop();
  return { ms, eld: await o.probe.eventLoopDelay(), noopMaxMs };
}

async function selectInbox(c: BenchImapClient): Promise<number> {
  let exists = 0;
  await c.command('SELECT INBOX', (r) => {
    const m = EXISTS.exec(r.text);
    if (m) exists = Number(m[1]);
  });
  return exists;
}

/** Removes what an interrupted run may have left: its deliveries and its flags. */
async function restoreMailbox(writer: BenchImapClient): Promise<void> {
  const left: string[] = [];
  await writer.command('UID SEARCH HEADER Message-ID live-bench-', (r) => {
    if (r.text.startsWith('* SEARCH ')) left.push(...r.text.slice(9).trim().split(' '));
  });
  if (left.length > 0) {
    const set = left.join(',');
    await writer.command(`UID STORE ${set} +FLAGS.SILENT (\\Deleted)`);
    await writer.command(`UID EXPUNGE ${set}`);
  }
  let flagged = 0;
  await writer.command('SEARCH RETURN (COUNT) OR OR SEEN FLAGGED DELETED', (r) => {
    const m = /COUNT (\d+)/.exec(r.text);
    if (m) flagged = Number(m[1]);
  });
  if (flagged > 0) await writer.command('STORE 1:* -FLAGS.SILENT (\\Seen \\Flagged \\Deleted)');
}

function countOf(r: ImapResponse, into: { n: number }): void {
  const m = /COUNT (\d+)/.exec(r.text);
  if (m) into.n = Number(m[1]);
}

async function initialSearches(o: LiveSearchOptions): Promise<Omit<InitialSearch, 'bytesPerSearch'>[]> {
  const c = await BenchImapClient.login(o.target);
  const out: Omit<InitialSearch, 'bytesPerSearch'>[] = [];
  try {
    await selectInbox(c);
    for (const kind of LIVE_KINDS) {
      const hits = { n: 0 };
      const plain: number[] = [];
      const update: number[] = [];
      await o.probe.eventLoopDelay();
      for (let r = 0; r < 3; r++) {
        let t0 = nowMs();
        await c.command(`UID SEARCH RETURN (COUNT) ${kind.criteria}`, (x) => countOf(x, hits));
        plain.push(nowMs() - t0);
        t0 = nowMs();
        await c.command(`UID SEARCH RETURN (COUNT UPDATE) ${kind.criteria}`, (x) => countOf(x, hits));
        update.push(nowMs() - t0);
      }
      const eld = await o.probe.eventLoopDelay();
      out.push({
        kind: kind.name,
        hits: hits.n,
        plainMs: summarize(plain).median,
        updateMs: summarize(update).median,
        eldMaxMs: eld.maxMs,
      });
    }
  } finally {
    await c.logout();
  }
  return out;
}

export async function runLiveSearchBench(o: LiveSearchOptions): Promise<LiveSearchResult> {
  const writer = await BenchImapClient.login(o.target);
  const probeClient = await BenchImapClient.login(o.probeTarget);
  const watchers: Watcher[] = [];
  try {
    await selectInbox(writer);
    await restoreMailbox(writer);
    const messages = await selectInbox(writer);
    o.log(`live-search: ${messages} messages; initial searches`);
    const initial = await initialSearches(o);

    o.log(`live-search: ${o.sessions} sessions`);
    const opened = await mapLimit(
      Array.from({ length: o.sessions }, (_, i) => i),
      8,
      async (i) => {
        const client = await BenchImapClient.login(o.target);
        await selectInbox(client);
        return { client, i };
      },
    );
    for (const { client, i } of opened)
      watchers.push({
        client,
        kind: LIVE_KINDS[i % LIVE_KINDS.length] as LiveKind,
        tag: '',
        idle: null,
        expect: null,
      });
    const startIdle = async (): Promise<void> => {
      for (const w of watchers)
        w.idle = await w.client.idle((r) => {
          if (w.expect?.re.test(r.text)) {
            const e = w.expect;
            w.expect = null;
            e.resolve();
          }
        });
    };
    const stopIdle = async (): Promise<void> => {
      for (const w of watchers) await w.idle?.done();
    };

    // Flag changes are flushed in UID order: the last message's FETCH comes last.
    const lastFetch = new RegExp(`^\\* ${messages} FETCH `);
    const tagged = (w: Watcher, op: 'ADDTO' | 'REMOVEFROM') =>
      new RegExp(`^\\* ESEARCH \\(TAG "${w.tag}"\\) UID ${op} `);
    const unseen = (w: Watcher) => w.kind.criteria === 'UNSEEN';
    /** Every change, with (`live`) or without the live searches; what each session awaits. */
    const measure = async (live: boolean): Promise<Map<string, Measured>> => {
      const per = new Map<string, Measured>();
      const run = async (name: string, expect: (w: Watcher) => RegExp, change: () => Promise<unknown>) => {
        const r = await timedChange(o, probeClient, watchers, expect, change);
        const e = per.get(name) ?? { ms: [], eld: 0, gc: 0, noop: 0 };
        e.ms.push(r.ms);
        e.eld = Math.max(e.eld, r.eld.maxMs);
        e.gc = Math.max(e.gc, r.eld.gcMaxMs);
        e.noop = Math.max(e.noop, r.noopMaxMs);
        per.set(name, e);
      };
      await startIdle();
      for (let round = 0; round < o.rounds; round++) {
        let uid = 0;
        await run(
          'delivery (APPEND of 1 message matching every search)',
          (w) => (live ? tagged(w, 'ADDTO') : / EXISTS$/),
          async () => {
            const r = await writer.append('INBOX', liveMessage(round), '\\Flagged');
            uid = Number(/APPENDUID \d+ (\d+)/.exec(r.text)?.[1] ?? 0);
          },
        );
        if (uid === 0) throw new Error('APPEND answered no APPENDUID');
        await run(
          'flag change (STORE +FLAGS (\\Seen) on 1 message)',
          (w) => (live && unseen(w) ? tagged(w, 'REMOVEFROM') : / FETCH /),
          () => writer.command(`UID STORE ${uid} +FLAGS.SILENT (\\Seen \\Deleted)`),
        );
        await run(
          'expunge (UID EXPUNGE of 1 message)',
          (w) => (live && !unseen(w) ? tagged(w, 'REMOVEFROM') : / EXPUNGE$/),
          () => writer.command(`UID EXPUNGE ${uid}`),
        );
      }
      for (const sign of ['+', '-'] as const)
        await run(
          `STORE 1:* ${sign}FLAGS (\\Seen) on ${messages} messages`,
          (w) => (live && unseen(w) ? tagged(w, sign === '+' ? 'REMOVEFROM' : 'ADDTO') : lastFetch),
          () => writer.command(`STORE 1:* ${sign}FLAGS.SILENT (\\Seen)`),
        );
      await stopIdle();
      return per;
    };

    o.log('live-search: changes, sessions idling without live searches');
    const base = await measure(false);

    // Memory: heap (and typed arrays' buffers) with the sessions selected, then after each
    // kind's live searches.
    const bytes = new Map<string, number>();
    const held = async () => {
      const h = await o.probe.heap();
      return h.heapUsed + h.arrayBuffers;
    };
    let before = await held();
    for (const kind of LIVE_KINDS) {
      const mine = watchers.filter((w) => w.kind === kind);
      for (const w of mine)
        await w.client.command(`UID SEARCH RETURN (UPDATE) ${kind.criteria}`, (r) => {
          const m = /^\* ESEARCH \(TAG "([^"]+)"\)/.exec(r.text);
          if (m) w.tag = m[1] as string;
        });
      const after = await held();
      bytes.set(kind.name, mine.length > 0 ? (after - before) / mine.length : Number.NaN);
      before = after;
    }
    o.log('live-search: changes, sessions idling with live searches');
    const withLive = await measure(true);
    const changes: ChangeFigure[] = [];
    for (const [change, e] of withLive) {
      const s = summarize(e.ms);
      const b = base.get(change);
      changes.push({
        change,
        runs: s.n,
        medianMs: s.median,
        maxMs: s.max,
        eldMaxMs: e.eld,
        gcMaxMs: e.gc,
        noopMaxMs: e.noop,
        baseline: b
          ? { ms: summarize(b.ms).median, eldMaxMs: b.eld, gcMaxMs: b.gc, noopMaxMs: b.noop }
          : null,
      });
    }
    return {
      messages,
      sessions: o.sessions,
      initial: initial.map((i) => ({ ...i, bytesPerSearch: bytes.get(i.kind) ?? Number.NaN })),
      changes,
    };
  } finally {
    for (const w of watchers) w.client.close();
    await restoreMailbox(writer).catch(() => {});
    await writer.logout();
    await probeClient.logout();
  }
}

/** The section's text: two tables. */
export function formatLiveSearch(r: LiveSearchResult): string {
  const f = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : 'n/a');
  const kib = (n: number) => (Number.isFinite(n) ? `${(n / 1024).toFixed(0)} KiB` : 'n/a');
  const lines = [
    `## live-search (RFC 5267 CONTEXT=SEARCH; Postroom alone: Dovecot has no CONTEXT=SEARCH)`,
    `${r.messages} messages in INBOX; ${r.sessions} sessions in IDLE, each holding one live search (${LIVE_KINDS.map((k) => k.name).join(', ')} in turn)`,
    '',
    '| live search | hits | SEARCH ms | SEARCH RETURN (UPDATE) ms | event-loop max ms | heap per live search |',
    '|---|---|---|---|---|---|',
    ...r.initial.map(
      (i) =>
        `| ${i.kind} | ${i.hits} | ${f(i.plainMs)} | ${f(i.updateMs)} | ${f(i.eldMaxMs)} | ${kib(i.bytesPerSearch)} |`,
    ),
    '',
    '| change (by another session) | runs | until last update ms (median / max) | event-loop max ms (GC pause max) | NOOP max ms | without live searches: median ms / event-loop (GC) / NOOP |',
    '|---|---|---|---|---|---|',
    ...r.changes.map(
      (c) =>
        `| ${c.change} | ${c.runs} | ${f(c.medianMs)} / ${f(c.maxMs)} | ${f(c.eldMaxMs)} (${f(c.gcMaxMs)}) | ${f(c.noopMaxMs)} | ${
          c.baseline
            ? `${f(c.baseline.ms)} / ${f(c.baseline.eldMaxMs)} (${f(c.baseline.gcMaxMs)}) / ${f(c.baseline.noopMaxMs)}`
            : ''
        } |`,
    ),
  ];
  return lines.join('\n');
}
