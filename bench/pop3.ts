// POP3 download throughput: messages/s and MB/s for 1 and 50 concurrent clients through
// real sockets, for Postroom and (when /work/shared/bench/dovecot runs, see its README)
// Dovecot's POP3, with the same client, the same users and the same mail.
//
// The client is the shared pop3_load.py (bench/lib/scripts/pop3-load.ts): each session
// USER/PASS, STAT, UIDL, LIST, RETR of 5 random messages, QUIT; nothing deleted. It runs
// as a child process, so it never shares Postroom's event loop. The mail is gen_mbox.py's
// realistic mix: the same first N messages in every user's INBOX (Postroom: delivered
// through the core; Dovecot: maildrops topped up by seed_imap.py).
//
// One user per client: POP3 locks a maildrop for the whole session (RFC 1939 §8;
// Postroom answers a second session [IN-USE]), so clients sharing users would measure
// refusals, not downloads. Dovecot does not lock by default.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app/app.js';
import { hashPassword } from '../src/auth/password.js';
import { loadConfig } from '../src/config/load.js';
import { PORT_NAMES } from '../src/config/ports.js';
import { silentLogger } from '../src/log/logger.js';
import { pop3Module } from '../src/protocols/pop3/module.js';
import { mailboxSize } from './lib/imap-measures.js';
import { type Pop3LoadResult, runPop3Load } from './lib/scripts/pop3-load.js';
import { runPythonScript } from './lib/scripts/python.js';
import { runSeedImap } from './lib/scripts/seed-imap.js';
import { type UserRange, userName } from './lib/target.js';

export interface Pop3BenchOptions {
  messagesPerUser?: number;
  secs?: number;
  clients?: number[];
  /** The Dovecot reference's ports; null skips it. It is skipped too when not running. */
  dovecot?: { pop3: number; imap: number } | null;
  log?: (line: string) => void;
}

export interface Pop3BenchResult {
  postroom: Pop3LoadResult[];
  dovecot: Pop3LoadResult[] | null;
}

const HOST = '127.0.0.1';
const PASS = 'Secret-1';

/** Splits gen_mbox's mbox (LF, ">From " escaped) into CRLF messages. */
export function splitMbox(text: string, limit: number): Buffer[] {
  const out: Buffer[] = [];
  for (const part of text.split(/^From [^\n]*\n/m)) {
    if (part.trim() === '') continue;
    const body = part.replace(/\n$/, '').replace(/^>(>*From )/gm, '$1');
    out.push(Buffer.from(body.replace(/\r?\n/g, '\r\n'), 'utf8'));
    if (out.length >= limit) break;
  }
  return out;
}

async function measure(
  port: number,
  users: UserRange,
  clients: number[],
  secs: number,
): Promise<Pop3LoadResult[]> {
  const out: Pop3LoadResult[] = [];
  for (const c of clients)
    out.push(
      await runPop3Load({ host: HOST, port }, { clients: c, secs, retrPerSession: 5, users, pass: PASS }),
    );
  return out;
}

async function measurePostroom(
  messages: Buffer[],
  users: UserRange,
  clients: number[],
  secs: number,
  work: string,
  log: (l: string) => void,
): Promise<Pop3LoadResult[]> {
  const dataDir = join(work, 'data');
  await mkdir(dataDir);
  const ports = Object.fromEntries(PORT_NAMES.map((p) => [p, p === 'pop3' ? 1 : 0]));
  const config = loadConfig({ overrides: { dataDir, hostname: 'bench.example.test', host: HOST, ports } });
  const app = await buildApp(config, {
    log: silentLogger(),
    firstAccount: false,
    ephemeralPorts: true,
    modules: [pop3Module],
    out: () => {},
  });
  try {
    const core = app.core.mail;
    const hash = await hashPassword(PASS);
    const t0 = Date.now();
    for (let u = 0; u < users.count; u++) {
      const address = userName(users, u);
      await core.accounts.createUser(address, hash);
      for (const m of messages)
        await core.delivery.deliver(
          (async function* () {
            yield m;
          })(),
          { mailFrom: 'bench@example.net', rcptTo: [address] },
        );
    }
    log(`pop3: seeded Postroom in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const listeners = await app.start();
    const port = listeners.find((l) => l.port === 'pop3')!.boundPort;
    // One session per user first: the authenticator caches verified credentials (as a
    // production Dovecot's auth cache does), so the runs measure downloads, not scrypt.
    await runPop3Load(
      { host: HOST, port },
      { clients: users.count, secs: 1, retrPerSession: 0, users, pass: PASS },
    );
    return await measure(port, users, clients, secs);
  } finally {
    await app.stop();
  }
}

async function measureDovecot(
  dove: { pop3: number; imap: number },
  mbox: string,
  perUser: number,
  users: UserRange,
  clients: number[],
  secs: number,
): Promise<Pop3LoadResult[]> {
  // Top each maildrop up to perUser messages from the same mbox (the reference may be
  // shared with other runs).
  for (let i = 0; i < users.count; i++) {
    const user = userName(users, i);
    const have = await mailboxSize({ host: HOST, port: dove.imap, user, pass: PASS });
    if (have < perUser)
      await runSeedImap(
        { host: HOST, port: dove.imap },
        { mbox, users: { pattern: user, start: 0, count: 1 }, pass: PASS, limit: perUser - have },
      );
  }
  await runPop3Load(
    { host: HOST, port: dove.pop3 },
    { clients: users.count, secs: 1, retrPerSession: 0, users, pass: PASS },
  );
  return measure(dove.pop3, users, clients, secs);
}

function line(name: string, f: Pop3LoadResult): string {
  return `pop3: ${name} ${String(f.clients).padStart(2)} client(s): ${f.retrPerS} messages/s, ${f.mbPerS} MB/s, ${f.sessionsPerS} sessions/s, RETR median ${f.retrMs.median} ms, errors ${f.errors}`;
}

export async function runPop3Bench(opts: Pop3BenchOptions = {}): Promise<Pop3BenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const perUser = opts.messagesPerUser ?? 100;
  const secs = opts.secs ?? 10;
  const clients = opts.clients ?? [1, 50];
  // Users 151..200 of the Dovecot reference (pop3_load.py's defaults, 101..120, are the
  // reference suite's), one per client.
  const users: UserRange = { pattern: 'user{n}@example.test', start: 151, count: Math.max(...clients) };
  const work = await mkdtemp(join(tmpdir(), 'postroom-bench-pop3-'));
  try {
    const mbox = join(work, 'bench.mbox');
    const gen = await runPythonScript('gen_mbox.py', ['--count', String(perUser), '--out', mbox], {
      timeoutMs: 300_000,
    });
    if (gen.code !== 0) throw new Error(`gen_mbox.py failed: ${gen.stderr}`);
    const messages = splitMbox(await readFile(mbox, 'utf8'), perUser);
    const mb = messages.reduce((n, m) => n + m.length, 0) / 1e6;
    log(`pop3: ${users.count} users x ${messages.length} messages (${mb.toFixed(1)} MB per user)`);
    const result: Pop3BenchResult = {
      postroom: await measurePostroom(messages, users, clients, secs, work, log),
      dovecot: null,
    };
    for (const f of result.postroom) log(line('Postroom', f));
    const dove = opts.dovecot === undefined ? { pop3: 11110, imap: 11143 } : opts.dovecot;
    if (dove) {
      try {
        result.dovecot = await measureDovecot(dove, mbox, perUser, users, clients, secs);
      } catch (e) {
        log(`pop3: Dovecot reference not measured (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    if (result.dovecot) {
      for (const f of result.dovecot) log(line('Dovecot ', f));
      result.postroom.forEach((p, i) => {
        const d = result.dovecot![i]!;
        log(
          `pop3: ${p.clients} client(s): Postroom/Dovecot messages/s ${(p.retrPerS / d.retrPerS).toFixed(2)}x, MB/s ${(p.mbPerS / d.mbPerS).toFixed(2)}x`,
        );
      });
    }
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
