// Store benchmark: the embedded SQLite store and the mail core alone (no sockets).
// Prints appends/s for 1 KB, 100 KB and 10 MB messages (through the core: normalise,
// hash, analyse, fsync, commit), then, on a 100,000-message mailbox filled in batches:
// the time to open it (getMailbox + uids()), to list every message's flags a page at a
// time, to set a flag on 10,000 messages, and to search it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/core/index.js';
import { metaFromAnalysis } from '../src/core/structure.js';
import { createAnalyzer } from '../src/mime/index.js';
import type { NewMessage, Store } from '../src/store/types.js';
import { openSqliteStore } from '../src/store-sqlite/index.js';

export interface StoreBenchOptions {
  /** Messages in the big mailbox (default 100,000). */
  mailboxSize?: number;
  /** Where the temporary data dir goes (default: the OS temp dir). */
  dir?: string;
  log?: (line: string) => void;
  /** Fewer appends (a smoke run for tests). */
  quick?: boolean;
}

export interface StoreBenchResult {
  appendsPerSecond: { '1KB': number; '100KB': number; '10MB': number };
  fillMessagesPerSecond: number;
  openMs: number;
  listFlagsMs: number;
  flag10kMs: number;
  searchUnseenMs: number;
  searchTextMs: number;
  sortSubjectMs: number;
}

const WORDS =
  'the quick brown fox jumps over a lazy dog while the quarterly report waits for numbers from every team member please find the attached figures and reply before friday regards'.split(
    ' ',
  );

function prose(bytes: number): string {
  const out: string[] = [];
  let n = 0;
  let line = '';
  while (n < bytes) {
    const w = WORDS[Math.floor(Math.random() * WORDS.length)]!;
    line += `${w} `;
    if (line.length > 70) {
      out.push(line);
      n += line.length + 2;
      line = '';
    }
  }
  return `${out.join('\r\n')}\r\n`;
}

/** A message of about `size` bytes: prose, plus a base64 attachment for large sizes. */
export function sampleMessage(size: number, i: number): Buffer {
  const head = `From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: Bench message ${i}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <bench.${i}.${randomBytes(6).toString('hex')}@example.test>\r\nMIME-Version: 1.0\r\n`;
  if (size <= 4096)
    return Buffer.from(
      `${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${prose(size - head.length - 60)}`,
    );
  const text = prose(2000);
  const attachment = randomBytes(Math.floor(((size - 2500) * 3) / 4))
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="b0"\r\n\r\n--b0\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--b0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="a.bin"\r\n\r\n${attachment}\r\n--b0--\r\n`,
  );
}

const ms = (t0: number) => performance.now() - t0;

async function appendRate(store: Store, size: number, count: number): Promise<number> {
  const core = createCore({ store, limits: { maxMessageSize: 64 * 1024 * 1024 } });
  const user = await core.accounts.createUser(`append${size}@example.test`, 'h');
  const inbox = await core.mailboxes.require(user.id, 'INBOX');
  const bodies = Array.from({ length: count }, (_, i) => sampleMessage(size, i));
  const t0 = performance.now();
  for (const raw of bodies) await core.messages.append(user.id, inbox.id, { source: [raw] });
  return (count / ms(t0)) * 1000;
}

/** Fills a mailbox through the store in batches (one transaction per batch). */
async function fill(store: Store, userId: number, mailboxId: number, total: number): Promise<number> {
  // Distinct bodies are written once each and then shared, as copies would be.
  const distinct = Math.min(1000, total);
  const metas = [];
  for (let i = 0; i < distinct; i++) {
    const raw = sampleMessage(1024, i);
    const a = createAnalyzer();
    a.write(raw);
    const id = createHash('sha256').update(raw).digest('hex');
    const tmp = join(store.blobs.tempDir(), `bench-${i}`);
    await writeFile(tmp, raw);
    await store.blobs.commitTemp(tmp, id);
    metas.push(metaFromAnalysis(id, { ...a.end(), size: raw.length }));
  }
  const t0 = performance.now();
  const BATCH = 5000;
  for (let done = 0; done < total; done += BATCH) {
    const batch: NewMessage[] = [];
    for (let i = done; i < Math.min(total, done + BATCH); i++)
      batch.push({
        blob: metas[i % distinct]!,
        flags: i % 3 === 0 ? ['\\Seen'] : [],
        internalDate: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
        threadId: null,
      });
    await store.mail.append(userId, mailboxId, batch);
  }
  return (total / ms(t0)) * 1000;
}

export async function runStoreBench(opts: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const size = opts.mailboxSize ?? 100_000;
  const dir = await mkdtemp(join(opts.dir ?? tmpdir(), 'postroom-bench-store-'));
  const store = await openSqliteStore(dir);
  try {
    log('store: appends through the core (normalise, hash, MIME analysis, fsync, commit)');
    const n = opts.quick ? { small: 5, medium: 3, large: 1 } : { small: 300, medium: 100, large: 5 };
    const a1 = await appendRate(store, 1024, n.small);
    log(`  1 KB    ${a1.toFixed(0).padStart(7)} appends/s`);
    const a100 = await appendRate(store, 100 * 1024, n.medium);
    log(`  100 KB  ${a100.toFixed(0).padStart(7)} appends/s`);
    const a10m = await appendRate(store, 10 * 1024 * 1024, n.large);
    log(`  10 MB   ${a10m.toFixed(1).padStart(7)} appends/s  (${(a10m * 10).toFixed(0)} MB/s)`);

    const core = createCore({ store });
    const user = await core.accounts.createUser('big@example.test', 'h');
    const inbox = await core.mailboxes.require(user.id, 'INBOX');
    const fillRate = await fill(store, user.id, inbox.id, size);
    log(`store: ${size} messages filled at ${fillRate.toFixed(0)} messages/s (batches of 5,000)`);

    let t0 = performance.now();
    const box = await store.mail.getMailbox(user.id, 'INBOX');
    const uids = await store.mail.uids(box!.id);
    const openMs = ms(t0);
    log(`  open (getMailbox + uids(), ${uids.length} UIDs)     ${openMs.toFixed(1)} ms`);

    t0 = performance.now();
    let listed = 0;
    let seen = 0;
    for await (const page of core.messages.flagPages(box!.id, undefined, 2000)) {
      listed += page.length;
      for (const m of page) if (m.flags.includes('\\Seen')) seen++;
    }
    const listFlagsMs = ms(t0);
    log(
      `  list flags of all ${listed} messages (pages of 2,000)  ${listFlagsMs.toFixed(0)} ms  (${seen} seen)`,
    );

    t0 = performance.now();
    const r = await store.mail.setFlags(user.id, box!.id, [{ start: 1, end: 10_000 }], 'add', ['\\Flagged']);
    const flag10kMs = ms(t0);
    log(`  set \\Flagged on 10,000 messages (${r.changed.length} changed)  ${flag10kMs.toFixed(0)} ms`);

    t0 = performance.now();
    const unseen = await store.mail.search(box!.id, { k: 'flag', flag: '\\Seen', set: false });
    const searchUnseenMs = ms(t0);
    log(`  SEARCH UNSEEN (${unseen.length} hits)  ${searchUnseenMs.toFixed(0)} ms`);
    t0 = performance.now();
    const hits = await store.mail.search(box!.id, { k: 'text', where: 'text', value: 'Bench message 99' });
    const searchTextMs = ms(t0);
    log(`  SEARCH TEXT "Bench message 99" (${hits.length} hits)  ${searchTextMs.toFixed(0)} ms`);
    t0 = performance.now();
    const sorted = await store.mail.sort(box!.id, [{ key: 'subject', reverse: false }], { k: 'all' });
    const sortSubjectMs = ms(t0);
    log(`  SORT (SUBJECT) over ${sorted.length} messages  ${sortSubjectMs.toFixed(0)} ms`);
    return {
      sortSubjectMs,
      appendsPerSecond: { '1KB': a1, '100KB': a100, '10MB': a10m },
      fillMessagesPerSecond: fillRate,
      openMs,
      listFlagsMs,
      flag10kMs,
      searchUnseenMs,
      searchTextMs,
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
