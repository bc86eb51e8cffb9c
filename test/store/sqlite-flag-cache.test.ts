// The SQLite store's in-memory flag columns (src/store-sqlite/flag-cache.ts) under a tiny
// budget: mailboxes over it are answered from the rows, the others from memory, and an
// entry evicted or grown past the budget still gives the rows' answer.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mailboxId, makeUser, newMessage } from '../../src/store/contract/helpers.js';
import type { MailboxId, Store } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

async function agree(store: Store, box: MailboxId, label: string): Promise<void> {
  const rows = (await store.mail.messages(box, ALL, 1000)).map((m) => ({
    uid: m.uid,
    modseq: m.modseq,
    flags: m.flags,
  }));
  assert.deepEqual(await store.mail.messageFlags(box, ALL, 1000), rows, label);
  assert.deepEqual(
    await store.mail.messageFlags(box, [{ start: 2, end: 4 }], 2),
    rows.filter((m) => m.uid >= 2 && m.uid <= 4).slice(0, 2),
    label,
  );
}

test('flag pages agree with the rows across the cache budget', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-flagcache-'));
  const store = await openSqliteStore(dir, { flagCacheMessages: 4 });
  try {
    const u = await makeUser(store);
    const small = await mailboxId(store, u.id, 'INBOX');
    const big = (await store.mail.createMailbox(u.id, 'Big', null, false)).id;
    const add = async (box: MailboxId, n: number, flags: string[]) => {
      const ms = [];
      for (let i = 0; i < n; i++) ms.push(await newMessage(store, {}, flags));
      await store.mail.append(u.id, box, ms);
    };
    await add(small, 3, ['$A']);
    await add(big, 6, []);
    await agree(store, small, 'small, first read');
    await agree(store, big, 'big: from the rows');
    await store.mail.setFlags(u.id, small, [{ start: 2, end: 2 }], 'replace', ['\\Seen']);
    await store.mail.setFlags(u.id, big, [{ start: 5, end: 6 }], 'add', ['\\Flagged', '$B']);
    await agree(store, small, 'small after a flag change');
    await agree(store, big, 'big after a flag change');
    // The big one shrinks under the budget (kept from now on), the small one grows over it.
    await store.mail.remove(u.id, big, [{ start: 1, end: 3 }]);
    await add(small, 2, ['\\Draft']);
    await agree(store, big, 'big, now kept');
    await agree(store, small, 'small, now over the budget');
    await store.mail.setFlags(u.id, big, [{ start: 4, end: 4 }], 'add', ['\\Seen']);
    await agree(store, big, 'big, kept, after a change');
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
