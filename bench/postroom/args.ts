// Command line of `npm run bench` (bench/run.ts):
//   --only store,smtp,sieve,pop3,imap,live-search,idle,imaptest,imaptest-scripts
//                    sections (default: all but imaptest-scripts)
//   --quick          a smoke run: short timed runs, fewer idlers, a small store mailbox
//   --live N         sessions holding a live search in the live-search section (default 16)
//   --idle N         IDLE connections (default 1,000; 10,000 is the second figure)
//   --big N          messages in the big INBOX (default 100,000; the reference refills
//                    carol's Maildir whenever N changes)
//   --data DIR       Postroom's data directory, kept between runs (default /tmp/postroom-bench)
//   --fresh          empty the data directory first
//   --no-dovecot     measure Postroom alone
//   --json FILE      also write every figure as JSON
import { parseArgs } from 'node:util';
import type { FigureName } from '../reference/suite.js';

export const SECTIONS = [
  'store',
  'smtp',
  'sieve',
  'pop3',
  'imap',
  'live-search',
  'idle',
  'imaptest',
  'imaptest-scripts',
] as const;
export type Section = (typeof SECTIONS)[number];

/** Sections run when --only is not given (the scripted tests are a compliance run, not a figure). */
export const DEFAULT_SECTIONS: readonly Section[] = [
  'store',
  'smtp',
  'sieve',
  'pop3',
  'imap',
  'live-search',
  'idle',
  'imaptest',
];

/** The suite figures (bench/reference/suite.ts) each section measures on both servers. */
export const SECTION_FIGURES: Readonly<Record<Section, readonly FigureName[]>> = {
  store: [],
  smtp: [],
  sieve: [],
  pop3: ['pop3'],
  imap: ['select', 'search', 'bodies', 'append'],
  'live-search': [],
  idle: ['idle', 'idle-serial'],
  imaptest: ['imaptest'],
  'imaptest-scripts': [],
};

export interface BenchArgs {
  readonly sections: readonly Section[];
  readonly quick: boolean;
  readonly idleCount: number;
  /** Sessions holding a live search (live-search section). */
  readonly liveSessions: number;
  readonly bigCount: number;
  readonly pop3Secs: number;
  readonly imaptestSecs: number;
  /** Messages in the store section's mailbox. */
  readonly storeMailbox: number;
  readonly dataDir: string;
  readonly fresh: boolean;
  readonly dovecot: boolean;
  readonly json: string | null;
}

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} wants a positive whole number, got "${v}"`);
  return n;
}

export function parseSections(list: readonly string[]): Section[] {
  const out: Section[] = [];
  for (const raw of list) {
    const name = raw.trim();
    if (name === '') continue;
    const known = SECTIONS.find((s) => s === name);
    if (!known) throw new Error(`unknown section "${name}" (known: ${SECTIONS.join(', ')})`);
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      idle: { type: 'string' },
      live: { type: 'string' },
      big: { type: 'string' },
      data: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'no-dovecot': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const asked = parseSections([...(values.only?.split(',') ?? []), ...positionals]);
  const quick = values.quick === true;
  return {
    // In SECTIONS order, so output reads the same whatever order they were asked in.
    sections: asked.length === 0 ? DEFAULT_SECTIONS : SECTIONS.filter((s) => asked.includes(s)),
    quick,
    idleCount: positive('idle', values.idle, quick ? 200 : 1000),
    liveSessions: positive('live', values.live, quick ? 4 : 16),
    bigCount: positive('big', values.big, 100_000),
    pop3Secs: quick ? 5 : 20,
    imaptestSecs: quick ? 10 : 30,
    // POSTROOM_BENCH_MAILBOX=1000000 tries the store alone at a million messages.
    storeMailbox: positive('POSTROOM_BENCH_MAILBOX', env.POSTROOM_BENCH_MAILBOX, quick ? 10_000 : 100_000),
    dataDir: values.data ?? '/tmp/postroom-bench',
    fresh: values.fresh === true,
    dovecot: values['no-dovecot'] !== true,
    json: values.json ?? null,
  };
}
