// seed_imap.py: APPENDs the messages of an mbox into mailboxes of several users.
import type { Endpoint, UserRange } from '../target.js';
import { failure, runPythonScript, userRangeArgs } from './python.js';

export interface SeedImapOptions {
  readonly mbox: string;
  readonly users: UserRange;
  readonly pass: string;
  readonly mailbox?: string;
  /** First N messages of the mbox; 0 = all. */
  readonly limit?: number;
  readonly parallel?: number;
}

export interface SeededMailbox {
  readonly user: string;
  readonly mailbox: string;
  readonly messages: number;
  readonly appended: number;
  readonly secs: number;
}

const SEED_LINE = /^(\S+): (.+) now has (\d+) messages \((\d+) appended in ([\d.]+)s\)$/;

/** Parses seed_imap.py's stdout: one line per user. */
export function parseSeedImapOutput(stdout: string): SeededMailbox[] {
  const out: SeededMailbox[] = [];
  for (const line of stdout.split('\n')) {
    const m = SEED_LINE.exec(line.trim());
    if (!m) continue;
    out.push({
      user: m[1] as string,
      mailbox: m[2] as string,
      messages: Number(m[3]),
      appended: Number(m[4]),
      secs: Number(m[5]),
    });
  }
  return out;
}

export async function runSeedImap(server: Endpoint, o: SeedImapOptions): Promise<SeededMailbox[]> {
  const args = [
    ...['--host', server.host, '--port', String(server.port), '--mbox', o.mbox],
    ...userRangeArgs(o.users),
    ...['--password', o.pass, '--mailbox', o.mailbox ?? 'INBOX'],
    ...['--limit', String(o.limit ?? 0), '--parallel', String(o.parallel ?? 4)],
  ];
  const r = await runPythonScript('seed_imap.py', args, { timeoutMs: 3600_000 });
  if (r.code !== 0) throw failure('seed_imap.py', r);
  const seeded = parseSeedImapOutput(r.stdout);
  if (seeded.length !== o.users.count) {
    throw new Error(`seed_imap.py reported ${seeded.length} users, expected ${o.users.count}`);
  }
  return seeded;
}
