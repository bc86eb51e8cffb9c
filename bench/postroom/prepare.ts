// Gets a Postroom data directory ready for the suite BEFORE the server starts (the
// server owns its store once running): the reference's users, the 100,000-message
// synthetic INBOX and the realistic mailboxes, each filled only up to what it lacks, so
// a kept data directory costs nothing on the next run.
import { readFile } from 'node:fs/promises';
import { createCore } from '../../src/core/index.js';
import type { Store } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { syntheticMessage } from '../lib/corpus.js';
import { splitMbox } from '../pop3.js';
import { fillInbox } from './fill.js';
import { BENCH_PASS, benchAddresses, createBenchUsers } from './users.js';

export interface PreparePlan {
  /** Accounts to create (password Secret-1); the reference's whole list by default. */
  readonly users?: readonly string[];
  /** The synthetic corpus: messages 0..count-1 in this user's INBOX. */
  readonly big: { readonly address: string; readonly count: number } | null;
  /** The first `count` messages of `mbox` (gen_mbox.py output) in each user's INBOX. */
  readonly realistic: { readonly mbox: string; readonly users: readonly RealisticUser[] } | null;
}

export interface RealisticUser {
  readonly address: string;
  readonly count: number;
}

export interface PrepareReport {
  readonly usersCreated: number;
  readonly bigAdded: number;
  readonly realisticAdded: number;
  readonly ms: number;
}

/** Date: of synthetic message i (the corpus dates message i at 2025-01-01 + i minutes). */
export function syntheticDate(i: number): Date {
  return new Date(Date.UTC(2025, 0, 1) + i * 60_000);
}

async function inboxCount(
  store: Store,
  core: ReturnType<typeof createCore>,
  address: string,
): Promise<number> {
  const user = await core.accounts.requireUser(address);
  const box = await core.mailboxes.require(user.id, 'INBOX');
  return (await store.mail.uids(box.id)).length;
}

export async function preparePostroomData(
  dataDir: string,
  plan: PreparePlan,
  log: (line: string) => void,
): Promise<PrepareReport> {
  const t0 = performance.now();
  const store = await openSqliteStore(dataDir);
  try {
    const core = createCore({ store, limits: { maxMessageSize: 64 * 1024 * 1024 } });
    const usersCreated = await createBenchUsers(core, plan.users ?? benchAddresses(), BENCH_PASS);
    if (usersCreated > 0) log(`postroom: created ${usersCreated} users`);
    let bigAdded = 0;
    if (plan.big) {
      const { address, count } = plan.big;
      const have = await inboxCount(store, core, address);
      if (have < count) {
        log(`postroom: filling ${address} INBOX with synthetic messages ${have}..${count - 1}`);
        let last = 0;
        await fillInbox(
          core,
          store,
          address,
          { from: have, to: count },
          (i) => syntheticMessage(i),
          syntheticDate,
          (p) => {
            if (p.done - last >= 20_000 || p.done === p.total) {
              last = p.done;
              log(`postroom:   ${p.done}/${p.total} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
            }
          },
        );
        bigAdded = count - have;
      }
    }
    let realisticAdded = 0;
    if (plan.realistic) {
      const want = Math.max(0, ...plan.realistic.users.map((u) => u.count));
      let messages: Buffer[] | null = null;
      for (const u of plan.realistic.users) {
        const have = await inboxCount(store, core, u.address);
        if (have >= u.count) continue;
        messages ??= splitMbox(await readFile(plan.realistic.mbox, 'utf8'), want);
        const list = messages;
        if (list.length < u.count)
          throw new Error(`${plan.realistic.mbox} holds ${list.length} messages, ${u.count} needed`);
        await fillInbox(
          core,
          store,
          u.address,
          { from: have, to: u.count },
          (i) => list[i] as Buffer,
          () => new Date(),
        );
        realisticAdded += u.count - have;
      }
      if (realisticAdded > 0) log(`postroom: added ${realisticAdded} realistic messages`);
    }
    // What the fill stored is indexed now, not by the server in the background while it is
    // being measured.
    const t1 = performance.now();
    const indexed = store.indexPendingText();
    if (indexed > 0)
      log(
        `postroom: indexed the text of ${indexed} bodies (${((performance.now() - t1) / 1000).toFixed(0)} s)`,
      );
    // The bodies the last run's APPEND mailboxes left are deleted now too: Dovecot deletes
    // a mailbox's files when it is deleted, before its measure ends; Postroom leaves them
    // to the sweep a minute after the server starts, which would run while it is measured.
    const t2 = performance.now();
    const files = await store.blobs.collectGarbage();
    log(
      `postroom: collected unused bodies (${files} files) in ${((performance.now() - t2) / 1000).toFixed(1)} s`,
    );
    return { usersCreated, bigAdded, realisticAdded, ms: performance.now() - t0 };
  } finally {
    await store.close();
  }
}
