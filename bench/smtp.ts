// SMTP benchmark: messages/s accepted on port 25 (through the whole path: SMTP, SPF/DKIM/
// DMARC checks with an offline resolver, normalise, hash, analyse, fsync, commit) for 1 and
// 20 concurrent senders with 10 KB and 1 MB messages, and the time from a message's final
// "." to its append appearing on the change feed (what an IDLE session waits for) and to
// the 250 reply.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { Authenticator } from '../src/auth/authenticator.js';
import { createCore } from '../src/core/index.js';
import { SentCopies } from '../src/core/sent-copy.js';
import { createAnalyzer } from '../src/mime/index.js';
import { DEFAULT_SMTP_LIMITS } from '../src/protocols/smtp/limits.js';
import { createSmtpListener } from '../src/protocols/smtp/server.js';
import { smtpServices } from '../src/protocols/smtp/services.js';
import { openSqliteStore } from '../src/store-sqlite/index.js';

export interface SmtpBenchOptions {
  dir?: string;
  log?: (line: string) => void;
  /** Few messages (a smoke run for tests). */
  quick?: boolean;
}

export interface SmtpRun {
  size: '10KB' | '1MB';
  senders: number;
  messages: number;
  messagesPerSecond: number;
  mbPerSecond: number;
}

export interface SmtpBenchResult {
  runs: SmtpRun[];
  /** From the client's final "." to the append on the change feed, ms. */
  toChangeFeedMs: { median: number; p99: number };
  /** From the client's final "." to the 250 reply, ms. */
  toReplyMs: { median: number; p99: number };
}

const quiet = { info() {}, warn() {} };

function message(size: number, n: number): Buffer {
  const head = `From: bench@remote.test\r\nTo: bench@example.test\r\nSubject: bench ${n}\r\nMessage-ID: <b${n}-${Date.now()}@remote.test>\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  return Buffer.from(head + line.repeat(Math.max(1, Math.ceil((size - head.length) / line.length))));
}

function open(port: number): Promise<SMTPConnection> {
  return new Promise((resolve, reject) => {
    const c = new SMTPConnection({
      host: '127.0.0.1',
      port,
      ignoreTLS: true,
      logger: false,
      name: 'bench.remote.test',
    });
    c.once('error', reject);
    c.connect((err) => (err ? reject(err) : resolve(c)));
  });
}

function sendOne(c: SMTPConnection, raw: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    c.send({ from: 'bench@remote.test', to: ['bench@example.test'] }, raw, (err) =>
      err ? reject(err) : resolve(),
    );
  });
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runSmtpBench(opts: SmtpBenchOptions = {}): Promise<SmtpBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const dir = await mkdtemp(join(opts.dir ?? tmpdir(), 'postroom-bench-smtp-'));
  const store = await openSqliteStore(dir);
  const core = createCore({ store, analyzer: createAnalyzer });
  const user = await core.accounts.createUser('bench@example.test', 'unused');
  const services = smtpServices({
    core,
    sentCopies: new SentCopies(store, core.messages),
    outbound: null,
    dkimKeys: null,
    auth: new Authenticator({
      source: {
        getUser: async () => null,
        listAppPasswords: async () => [],
        touchAppPassword: async () => {},
      },
    }),
    resolver: async () => {
      throw Object.assign(new Error('offline'), { code: 'ENOTFOUND' });
    },
    log: quiet,
  });
  const listener = createSmtpListener({
    kind: 'inbound',
    hostname: 'mx.example.test',
    host: '127.0.0.1',
    port: 0,
    tls: null,
    limits: { ...DEFAULT_SMTP_LIMITS, maxMessageBytes: 5 * 1024 * 1024, maxClients: 100 },
    services,
  });
  const port = await listener.listen();
  const runs: SmtpRun[] = [];
  try {
    const plan: [SmtpRun['size'], number, number][] = opts.quick
      ? [
          ['10KB', 1, 10],
          ['10KB', 20, 20],
          ['1MB', 1, 2],
          ['1MB', 20, 20],
        ]
      : [
          ['10KB', 1, 300],
          ['10KB', 20, 1000],
          ['1MB', 1, 30],
          ['1MB', 20, 100],
        ];
    let n = 0;
    for (const [size, senders, total] of plan) {
      const bytes = size === '10KB' ? 10 * 1024 : 1024 * 1024;
      const conns = await Promise.all(Array.from({ length: senders }, () => open(port)));
      const per = Math.ceil(total / senders);
      const start = process.hrtime.bigint();
      await Promise.all(
        conns.map(async (c) => {
          for (let i = 0; i < per; i++) await sendOne(c, message(bytes, n++));
        }),
      );
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      for (const c of conns) c.quit();
      const count = per * senders;
      const run: SmtpRun = {
        size,
        senders,
        messages: count,
        messagesPerSecond: Math.round((count / secs) * 10) / 10,
        mbPerSecond: Math.round(((count * bytes) / 1048576 / secs) * 10) / 10,
      };
      runs.push(run);
      log(
        `smtp  port 25  ${size.padStart(4)}  ${String(senders).padStart(2)} sender(s)  ${String(run.messagesPerSecond).padStart(7)} msg/s  ${String(run.mbPerSecond).padStart(6)} MB/s  (${count} messages)`,
      );
    }

    // Latency: one sender, one message at a time; the change feed is what IDLE listens to.
    const toFeed: number[] = [];
    const toReply: number[] = [];
    const c = await open(port);
    let appended: (() => void) | null = null;
    const unsubscribe = core.subscribe(user.id, (ch) => {
      if (ch.type === 'append') appended?.();
    });
    for (let i = 0; i < (opts.quick ? 5 : 100); i++) {
      const raw = message(10 * 1024, n++);
      const seen = new Promise<number>((r) => {
        appended = () => r(performance.now());
      });
      const t0 = performance.now();
      await sendOne(c, raw);
      const t250 = performance.now();
      const tFeed = await seen;
      toReply.push(t250 - t0);
      toFeed.push(tFeed - t0);
    }
    unsubscribe();
    c.quit();
    toFeed.sort((a, b) => a - b);
    toReply.sort((a, b) => a - b);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const result: SmtpBenchResult = {
      runs,
      toChangeFeedMs: { median: r2(pct(toFeed, 50)), p99: r2(pct(toFeed, 99)) },
      toReplyMs: { median: r2(pct(toReply, 50)), p99: r2(pct(toReply, 99)) },
    };
    log(
      `smtp  10KB message: DATA sent -> visible on the change feed (IDLE) median ${result.toChangeFeedMs.median} ms, p99 ${result.toChangeFeedMs.p99} ms; -> 250 median ${result.toReplyMs.median} ms, p99 ${result.toReplyMs.p99} ms`,
    );
    return result;
  } finally {
    await listener.close(false);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
