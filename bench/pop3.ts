// POP3 download throughput: messages/s and MB/s for 1 and 50 concurrent clients through
// real sockets, Postroom against Dovecot's POP3 (when /work/shared/bench/dovecot runs,
// see its README) with the same client and the same mail.
//
// The client is the shared, server-agnostic /work/shared/bench/pop3_load.py (each
// session: USER/PASS, STAT, UIDL, LIST, RETR of 5 random messages, QUIT; nothing
// deleted), run as a child process so it never shares Postroom's event loop. The mail is
// gen_mbox.py's realistic mix: the same first N messages in every user's INBOX on both
// servers (Postroom: delivered through the core; Dovecot: APPENDed by seed_imap.py when
// its mailboxes are empty).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app/app.js';
import { hashPassword } from '../src/auth/password.js';
import { loadConfig } from '../src/config/load.js';
import { PORT_NAMES } from '../src/config/ports.js';
import { createCore } from '../src/core/index.js';
import { silentLogger } from '../src/log/logger.js';
import { pop3Module } from '../src/protocols/pop3/module.js';

export interface Pop3BenchOptions {
  /** Directory holding pop3_load.py, gen_mbox.py, seed_imap.py. */
  toolsDir?: string;
  users?: number;
  messagesPerUser?: number;
  secs?: number;
  clients?: number[];
  /** Dovecot's POP3 port (and IMAP port for seeding); skipped when nothing listens. */
  dovecot?: { pop3: number; imap: number } | null;
  log?: (line: string) => void;
}

export interface LoadFigures {
  clients: number;
  sessionsPerSecond: number;
  messagesPerSecond: number;
  mbPerSecond: number;
  retrMedianMs: number | null;
  errors: number;
}

export interface Pop3BenchResult {
  postroom: LoadFigures[];
  dovecot: LoadFigures[] | null;
}

const USER_PATTERN = 'user{n}@example.test';
// Users 151..200 of the Dovecot reference: pop3_load.py's defaults (101..120) are left to others.
const USER_START = 151;
const PASSWORD = 'Secret-1';

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && !(typeof err.code === 'number' && err.code === 2))
        reject(new Error(`${cmd}: ${stderr || err}`));
      else resolve(stdout);
    });
  });
}

/** STAT of one maildrop (to decide whether Dovecot needs seeding). */
function popStat(port: number, user: string): Promise<number> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let buf = '';
    let step = 0;
    s.setTimeout(10_000, () => s.destroy());
    s.on('error', () => resolve(-1));
    s.on('close', () => resolve(-1));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      while (buf.includes('\r\n')) {
        const line = buf.slice(0, buf.indexOf('\r\n'));
        buf = buf.slice(line.length + 2);
        if (!line.startsWith('+OK')) return s.destroy();
        step += 1;
        if (step === 1) s.write(`USER ${user}\r\n`);
        else if (step === 2) s.write(`PASS ${PASSWORD}\r\n`);
        else if (step === 3) s.write('STAT\r\n');
        else {
          resolve(Number(line.split(' ')[1]));
          s.end('QUIT\r\n');
        }
      }
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

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

async function load(toolsDir: string, port: number, clients: number, secs: number, users: number) {
  const out = await run(
    'python3',
    [
      join(toolsDir, 'pop3_load.py'),
      '--port',
      String(port),
      '--clients',
      String(clients),
      '--secs',
      String(secs),
      '--user-pattern',
      USER_PATTERN,
      '--user-start',
      String(USER_START),
      '--users',
      String(users),
      '--password',
      PASSWORD,
    ],
    (secs + 120) * 1000,
  );
  const j = JSON.parse(out) as {
    sessions_per_s: number;
    retr_per_s: number;
    mb_per_s: number;
    errors: number;
    retr_ms: { median: number | null };
  };
  return {
    clients,
    sessionsPerSecond: j.sessions_per_s,
    messagesPerSecond: j.retr_per_s,
    mbPerSecond: j.mb_per_s,
    retrMedianMs: j.retr_ms.median,
    errors: j.errors,
  } satisfies LoadFigures;
}

export async function runPop3Bench(opts: Pop3BenchOptions = {}): Promise<Pop3BenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const toolsDir = opts.toolsDir ?? '/work/shared/bench';
  const perUser = opts.messagesPerUser ?? 100;
  const secs = opts.secs ?? 10;
  const clientCounts = opts.clients ?? [1, 50];
  // One maildrop per client: POP3 locks a maildrop for its session (RFC 1939 §8), so
  // clients sharing users would measure [IN-USE] refusals, not downloads.
  const users = Math.max(opts.users ?? 20, ...clientCounts);
  if (!existsSync(join(toolsDir, 'pop3_load.py'))) {
    log(`pop3: skipped (no ${join(toolsDir, 'pop3_load.py')})`);
    return { postroom: [], dovecot: null };
  }
  const work = await mkdtemp(join(tmpdir(), 'postroom-bench-pop3-'));
  const mboxFile = join(work, 'bench.mbox');
  await run(
    'python3',
    [join(toolsDir, 'gen_mbox.py'), '--count', String(perUser), '--out', mboxFile],
    300_000,
  );
  const messages = splitMbox(await readFile(mboxFile, 'utf8'), perUser);
  const mb = messages.reduce((n, m) => n + m.length, 0) / 1e6;
  log(`pop3: ${users} users x ${messages.length} messages (${mb.toFixed(1)} MB each user)`);

  const dataDir = join(work, 'data');
  await mkdir(dataDir);
  const ports = Object.fromEntries(PORT_NAMES.map((p) => [p, p === 'pop3' ? 1 : 0]));
  const config = loadConfig({
    overrides: { dataDir, hostname: 'bench.example.test', host: '127.0.0.1', ports },
  });
  const app = await buildApp(config, {
    log: silentLogger(),
    firstAccount: false,
    ephemeralPorts: true,
    modules: [pop3Module],
    out: () => {},
  });
  const result: Pop3BenchResult = { postroom: [], dovecot: null };
  try {
    const core = createCore({ store: app.store });
    const hash = await hashPassword(PASSWORD);
    const t0 = Date.now();
    for (let u = 0; u < users; u++) {
      const address = USER_PATTERN.replace('{n}', String(USER_START + u));
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
    // One login per user first: the authenticator caches verified credentials (as a
    // production Dovecot's auth cache does), so the runs measure downloads, not scrypt.
    for (let u = 0; u < users; u++) await popStat(port, USER_PATTERN.replace('{n}', String(USER_START + u)));
    for (const c of clientCounts) {
      const f = await load(toolsDir, port, c, secs, users);
      result.postroom.push(f);
      log(fmt('Postroom', f));
    }
  } finally {
    await app.stop();
  }

  const dove = opts.dovecot === undefined ? { pop3: 11110, imap: 11143 } : opts.dovecot;
  if (dove && (await listening(dove.pop3))) {
    // Top every maildrop up to perUser messages from the same mbox (the reference may be
    // shared with other runs); the STAT also warms Dovecot's auth as warm-up does ours.
    const counts: number[] = [];
    for (let u = 0; u < users; u++) {
      const n = USER_START + u;
      let count = await popStat(dove.pop3, USER_PATTERN.replace('{n}', String(n)));
      if (count >= 0 && count < perUser) {
        await run(
          'python3',
          [
            join(toolsDir, 'seed_imap.py'),
            ...['--port', String(dove.imap), '--user-pattern', USER_PATTERN],
            ...['--user-start', String(n), '--users', '1', '--mbox', mboxFile],
            ...['--limit', String(perUser - count)],
          ],
          600_000,
        ).catch((e: unknown) => log(`pop3: seeding Dovecot failed: ${String(e)}`));
        count = perUser;
      }
      counts.push(count);
    }
    log(`pop3: Dovecot maildrops hold ${Math.min(...counts)}..${Math.max(...counts)} messages`);
    result.dovecot = [];
    for (const c of clientCounts) {
      const f = await load(toolsDir, dove.pop3, c, secs, users);
      result.dovecot.push(f);
      log(fmt('Dovecot ', f));
    }
    for (let i = 0; i < clientCounts.length; i++) {
      const p = result.postroom[i]!;
      const d = result.dovecot[i]!;
      log(
        `pop3: ${p.clients} client(s): Postroom/Dovecot messages/s ${(p.messagesPerSecond / d.messagesPerSecond).toFixed(2)}x, MB/s ${(p.mbPerSecond / d.mbPerSecond).toFixed(2)}x`,
      );
    }
  } else log('pop3: Dovecot reference not running (see /work/shared/bench/README.md): no comparison');
  await rm(work, { recursive: true, force: true });
  return result;
}

function fmt(name: string, f: LoadFigures): string {
  return `pop3: ${name} ${String(f.clients).padStart(2)} client(s): ${f.messagesPerSecond} messages/s, ${f.mbPerSecond} MB/s, ${f.sessionsPerSecond} sessions/s, RETR median ${f.retrMedianMs} ms, errors ${f.errors}`;
}
