// IMAP measurements through real sockets, identical for every server: each
// function takes only where to connect ({host, port, user, pass}) and what to
// do, so Postroom and Dovecot are measured by the very same code.
import { BenchImapClient, ImapCommandError, quote } from './imap-client.js';
import { type Summary, summarize } from './stats.js';
import type { Target } from './target.js';
import { mapLimit, mbPerSecond, nowMs, perSecond } from './timer.js';

export interface SelectFlagsResult {
  readonly exists: number;
  /** First SELECT of the run (may include a server building its index or a cold cache). */
  readonly firstSelectMs: number;
  /** Median over the later runs. */
  readonly selectMs: number;
  readonly firstFetchFlagsMs: number;
  readonly fetchFlagsMs: number;
  /** FETCH responses to `UID FETCH 1:* (FLAGS)` in the last run (should equal exists). */
  readonly flagsResponses: number;
  readonly runs: number;
}

const EXISTS = /^\* (\d+) EXISTS/i;

/** SELECT then `UID FETCH 1:* (FLAGS)`, each on a fresh login, `runs` times. */
export async function measureSelectAndFlags(
  t: Target,
  mailbox = 'INBOX',
  runs = 4,
): Promise<SelectFlagsResult> {
  if (runs < 2) throw new RangeError('runs must be >= 2 (the first one is reported apart)');
  const select: number[] = [];
  const flags: number[] = [];
  let exists = 0;
  let responses = 0;
  for (let r = 0; r < runs; r++) {
    const c = await BenchImapClient.login(t);
    try {
      let t0 = nowMs();
      await c.command(`SELECT ${quote(mailbox)}`, (u) => {
        const m = EXISTS.exec(u.text);
        if (m) exists = Number(m[1]);
      });
      select.push(nowMs() - t0);
      t0 = nowMs();
      const res = await c.command('UID FETCH 1:* (FLAGS)');
      flags.push(nowMs() - t0);
      responses = res.untaggedCount;
    } finally {
      await c.logout();
    }
  }
  return {
    exists,
    firstSelectMs: select[0] as number,
    selectMs: summarize(select.slice(1)).median,
    firstFetchFlagsMs: flags[0] as number,
    fetchFlagsMs: summarize(flags.slice(1)).median,
    flagsResponses: responses,
    runs,
  };
}

export interface FetchBodiesResult {
  readonly messages: number;
  readonly bytes: number;
  readonly ms: number;
  readonly mbPerS: number;
  readonly firstMbPerS: number;
}

/** `UID FETCH <uids> BODY.PEEK[]` counting body bytes (not kept), `runs` times; reports the best later run. */
export async function measureFetchBodies(
  t: Target,
  mailbox = 'INBOX',
  uids = '1:*',
  runs = 3,
): Promise<FetchBodiesResult> {
  const results: { messages: number; bytes: number; ms: number }[] = [];
  const c = await BenchImapClient.login(t);
  try {
    await c.command(`EXAMINE ${quote(mailbox)}`);
    for (let r = 0; r < runs; r++) {
      const t0 = nowMs();
      const res = await c.command(`UID FETCH ${uids} BODY.PEEK[]`);
      results.push({ messages: res.untaggedCount, bytes: res.literalBytes, ms: nowMs() - t0 });
    }
  } finally {
    await c.logout();
  }
  const later = results.length > 1 ? results.slice(1) : results;
  const best = later.reduce((a, b) => (b.ms < a.ms ? b : a));
  const first = results[0] as { bytes: number; ms: number };
  return {
    ...best,
    mbPerS: mbPerSecond(best.bytes, best.ms),
    firstMbPerS: mbPerSecond(first.bytes, first.ms),
  };
}

export interface AppendResult {
  readonly connections: number;
  readonly appends: number;
  readonly bytes: number;
  readonly ms: number;
  readonly perS: number;
  readonly latencyMs: Summary;
}

export interface AppendOptions {
  readonly count: number;
  readonly connections: number;
  readonly message: (i: number) => Buffer;
  /** Created before and deleted after the run, so every run starts from an empty mailbox. */
  readonly mailbox: string;
  /** APPENDs per connection before the clock starts (messages count+...): the server's
   *  code paths warmed up, as on a server that has been running. */
  readonly warmup?: number;
}

/** APPENDs `count` messages over `connections` sessions, one command in flight per session. */
export async function measureAppend(t: Target, o: AppendOptions): Promise<AppendResult> {
  const admin = await BenchImapClient.login(t);
  try {
    await admin.command(`DELETE ${quote(o.mailbox)}`).catch(ignoreNo);
    await admin.command(`CREATE ${quote(o.mailbox)}`);
    const clients = await mapLimit(
      Array.from({ length: o.connections }, (_, i) => i),
      10,
      () => BenchImapClient.login(t),
    );
    const warmup = o.warmup ?? 0;
    await Promise.all(
      clients.map(async (c, k) => {
        for (let i = 0; i < warmup; i++) await c.append(o.mailbox, o.message(o.count + k * warmup + i));
      }),
    );
    const latencies: number[] = [];
    let bytes = 0;
    const t0 = nowMs();
    try {
      await Promise.all(
        clients.map(async (c, k) => {
          for (let i = k; i < o.count; i += o.connections) {
            const msg = o.message(i);
            const a = nowMs();
            await c.append(o.mailbox, msg);
            latencies.push(nowMs() - a);
            bytes += msg.length;
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.logout()));
    }
    const ms = nowMs() - t0;
    await admin.command(`DELETE ${quote(o.mailbox)}`).catch(ignoreNo);
    return {
      connections: o.connections,
      appends: latencies.length,
      bytes,
      ms,
      perS: perSecond(latencies.length, ms),
      latencyMs: summarize(latencies),
    };
  } finally {
    await admin.logout();
  }
}

function ignoreNo(e: unknown): void {
  if (!(e instanceof ImapCommandError) || e.result.status !== 'NO') throw e;
}

export interface SearchResult {
  readonly hits: number;
  readonly firstMs: number;
  readonly ms: number;
  readonly runs: number;
}

/** `SEARCH TEXT <word>` on a read-only selected mailbox, `runs` times; reports the first and the median of the rest. */
export async function measureSearchText(
  t: Target,
  mailbox: string,
  word: string,
  runs = 3,
): Promise<SearchResult> {
  const times: number[] = [];
  let hits = -1;
  const c = await BenchImapClient.login(t);
  try {
    await c.command(`EXAMINE ${quote(mailbox)}`);
    for (let r = 0; r < runs; r++) {
      let found = 0;
      const t0 = nowMs();
      await c.command(`SEARCH TEXT ${quote(word)}`, (u) => {
        if (/^\* SEARCH\b/i.test(u.text)) found += u.text.trim().split(' ').length - 2;
      });
      times.push(nowMs() - t0);
      hits = found;
    }
  } finally {
    await c.logout();
  }
  return {
    hits,
    firstMs: times[0] as number,
    ms: summarize(times.length > 1 ? times.slice(1) : times).median,
    runs,
  };
}

/** Messages in a mailbox (STATUS, without selecting it). */
export async function mailboxSize(t: Target, mailbox = 'INBOX'): Promise<number> {
  const c = await BenchImapClient.login(t);
  try {
    let n = -1;
    await c.command(`STATUS ${quote(mailbox)} (MESSAGES)`, (u) => {
      const m = /MESSAGES (\d+)/i.exec(u.text);
      if (m) n = Number(m[1]);
    });
    if (n < 0) throw new Error(`STATUS ${mailbox}: no MESSAGES count`);
    return n;
  } finally {
    await c.logout();
  }
}
