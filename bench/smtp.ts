// SMTP benchmark: messages/s accepted on port 25 (through the whole path: SMTP, SPF/DKIM/
// DMARC checks with an offline resolver, normalise, hash, analyse, fsync, commit) for 1 and
// 20 concurrent senders with 10 KB and 1 MB messages; the time from a message's final "."
// to the 250 reply, and from there to the `* N EXISTS` a real IMAP client in IDLE on INBOX
// reads from its socket (our IMAP server in the same process, over loopback); and the peak
// RSS while 20 senders each send a large message at once (DATA spooled to disk).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { Authenticator } from '../src/auth/authenticator.js';
import { hashPassword } from '../src/auth/password.js';
import { createCore } from '../src/core/index.js';
import { SentCopies } from '../src/core/sent-copy.js';
import { createAnalyzer } from '../src/mime/index.js';
import { createImapServer } from '../src/protocols/imap/server.js';
import { DEFAULT_SMTP_LIMITS } from '../src/protocols/smtp/limits.js';
import { createSmtpListener } from '../src/protocols/smtp/server.js';
import { smtpServices } from '../src/protocols/smtp/services.js';
import { openSqliteStore } from '../src/store-sqlite/index.js';
import { BenchImapClient } from './lib/imap-client.js';

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

export interface Percentiles {
  median: number;
  p95: number;
}

export interface SmtpBenchResult {
  runs: SmtpRun[];
  /** From the client's final "." to the 250 reply, ms. */
  toReplyMs: Percentiles;
  /** From the client's final "." to `* N EXISTS` read by an IMAP client in IDLE, ms. */
  toIdleMs: Percentiles;
  /**
   * From the 250 reply to that `* N EXISTS`, ms; negative when the IDLE client saw the
   * message before the sender saw its 250 (the change is published at commit, the reply
   * follows it).
   */
  replyToIdleMs: Percentiles;
  /** 20 senders each sending one large message at the same time: the process's RSS (first run). */
  large: { senders: number; messageMiB: number; seconds: number; rssBeforeMiB: number; peakRssMiB: number };
}

const quiet = { info() {}, warn() {} };
const USER = 'bench@example.test';
const PASS = 'Bench-Password-1';

function message(size: number, n: number): Buffer {
  const head = `From: bench@remote.test\r\nTo: bench@example.test\r\nSubject: bench ${n}\r\nMessage-ID: <b${n}-${Date.now()}@remote.test>\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  return Buffer.from(head + line.repeat(Math.max(1, Math.ceil((size - head.length) / line.length))));
}

/**
 * About `size` bytes with a base64 attachment (what large mail is), generated while it is
 * sent so the sending side of the bench holds almost nothing.
 */
function largeMessage(size: number, n: number): Readable {
  const head =
    `From: bench@remote.test\r\nTo: bench@example.test\r\nSubject: large ${n}\r\n` +
    `Message-ID: <l${n}-${Date.now()}@remote.test>\r\nMIME-Version: 1.0\r\n` +
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n' +
    'see the attachment\r\n--b\r\nContent-Type: application/octet-stream\r\n' +
    'Content-Transfer-Encoding: base64\r\n\r\n';
  const line = `${randomBytes(57).toString('base64')}\r\n`;
  const block = Buffer.from(line.repeat(840));
  return Readable.from(
    (function* () {
      yield Buffer.from(head);
      for (let sent = 0; sent < size; sent += block.length) yield block;
      yield Buffer.from('--b--\r\n');
    })(),
  );
}

/** Runs `fn` while sampling the process's RSS: the RSS at the start and the largest seen, MiB. */
async function peakRss(fn: () => Promise<void>): Promise<{ baseMiB: number; peakMiB: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  const mib = (x: number) => Math.round((x / 1048576) * 10) / 10;
  return { baseMiB: mib(base), peakMiB: mib(peak) };
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

function sendOne(c: SMTPConnection, raw: Buffer | Readable): Promise<void> {
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
  await core.accounts.createUser(USER, await hashPassword(PASS));
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
    limits: { ...DEFAULT_SMTP_LIMITS, maxMessageBytes: 50 * 1024 * 1024, maxClients: 100 },
    services,
  });
  const port = await listener.listen();
  const imapServer = createImapServer({
    imap: { host: '127.0.0.1', port: 0 },
    imaps: { host: '127.0.0.1', port: 0 },
    core,
    auth: new Authenticator({
      source: {
        getUser: (a) => store.accounts.getUser(a),
        listAppPasswords: (id) => store.accounts.listAppPasswords(id),
        touchAppPassword: (id) => store.accounts.touchAppPassword(id, new Date()),
      },
      allowPlaintext: 'loopback',
    }),
    tls: null,
    log: { ...quiet, debug() {}, error() {} },
    hostname: 'mx.example.test',
  });
  await imapServer.listen();
  const imapPort = imapServer.addresses().imap!;
  const runs: SmtpRun[] = [];
  try {
    // Memory first, while the process is fresh: 20 senders, one large message each, all at once.
    let largeN = 0;
    const largeSenders = 20;
    const largeMiB = opts.quick ? 2 : 45; // under the core's 50 MB limit, with the trace fields
    const largeConns = await Promise.all(Array.from({ length: largeSenders }, () => open(port)));
    const largeStart = performance.now();
    const rss = await peakRss(async () => {
      await Promise.all(largeConns.map((c) => sendOne(c, largeMessage(largeMiB * 1048576, largeN++))));
    });
    const large = {
      senders: largeSenders,
      messageMiB: largeMiB,
      seconds: Math.round((performance.now() - largeStart) / 100) / 10,
      rssBeforeMiB: rss.baseMiB,
      peakRssMiB: rss.peakMiB,
    };
    for (const c of largeConns) c.quit();
    log(
      `smtp  ${largeSenders} senders x ${largeMiB} MB at once: RSS ${rss.baseMiB} MiB before, peak ${rss.peakMiB} MiB (${large.seconds} s)`,
    );

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

    // Latency: one sender, one message at a time, and an IMAP client in IDLE on INBOX.
    const toReply: number[] = [];
    const toIdle: number[] = [];
    const replyToIdle: number[] = [];
    const imap = await BenchImapClient.login({ host: '127.0.0.1', port: imapPort, user: USER, pass: PASS });
    await imap.command('SELECT INBOX');
    let exists: ((t: number) => void) | null = null;
    const idle = await imap.idle((r) => {
      if (/^\* \d+ EXISTS/i.test(r.text)) exists?.(performance.now());
    });
    const c = await open(port);
    for (let i = 0; i < (opts.quick ? 5 : 100); i++) {
      const raw = message(10 * 1024, n++);
      const seen = new Promise<number>((r) => {
        exists = r;
      });
      const t0 = performance.now();
      await sendOne(c, raw);
      const t250 = performance.now();
      const tIdle = await seen;
      toReply.push(t250 - t0);
      toIdle.push(tIdle - t0);
      replyToIdle.push(tIdle - t250);
    }
    c.quit();
    await idle.done();
    await imap.logout();
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const pcts = (xs: number[]): Percentiles => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { median: r2(pct(sorted, 50)), p95: r2(pct(sorted, 95)) };
    };
    const result: SmtpBenchResult = {
      runs,
      toReplyMs: pcts(toReply),
      toIdleMs: pcts(toIdle),
      replyToIdleMs: pcts(replyToIdle),
      large,
    };
    log(
      `smtp  10KB message: DATA end -> 250 median ${result.toReplyMs.median} ms, p95 ${result.toReplyMs.p95} ms; ` +
        `-> EXISTS at an IDLE client median ${result.toIdleMs.median} ms, p95 ${result.toIdleMs.p95} ms; ` +
        `250 -> EXISTS median ${result.replyToIdleMs.median} ms, p95 ${result.replyToIdleMs.p95} ms`,
    );
    return result;
  } finally {
    await listener.close(false);
    await imapServer.close(false);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
