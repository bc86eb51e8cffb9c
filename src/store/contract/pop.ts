// Contract: POP download records (dated, first download wins, paged by date) and leases
// (exclusive across handles, expiring, renewable, released).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PopDownload } from '../types.js';
import { type MakeStore, makeUser } from './helpers.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

export function popDownloadContract(make: MakeStore): void {
  test('POP download records: per user, dated, the first download wins', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const v = await makeUser(store);
      assert.equal((await store.mail.popDownloaded(u.id, ['a', 'b'])).size, 0);
      await store.mail.markPopDownloaded(u.id, [
        { emailId: 'a', at: day(5) },
        { emailId: 'b', at: day(3) },
      ]);
      // Downloaded again later (offerAgain): the date stays; an earlier one replaces it.
      await store.mail.markPopDownloaded(u.id, [
        { emailId: 'a', at: day(9) },
        { emailId: 'b', at: day(2) },
      ]);
      await store.mail.markPopDownloaded(u.id, []);
      const got = await store.mail.popDownloaded(u.id, ['a', 'b', 'other']);
      assert.deepEqual([...got].map(([id, at]) => [id, at.toISOString()]).sort(), [
        ['a', day(5).toISOString()],
        ['b', day(2).toISOString()],
      ]);
      assert.equal((await store.mail.popDownloaded(v.id, ['a', 'b'])).size, 0, 'other users see nothing');
      assert.equal((await store.mail.popDownloaded(u.id, [])).size, 0);
      await store.mail.forgetPopDownloads(u.id, ['b', 'never-recorded']);
      assert.deepEqual([...(await store.mail.popDownloaded(u.id, ['a', 'b'])).keys()], ['a']);
    } finally {
      await cleanup();
    }
  });

  test('POP download records: paged by date before a cutoff, with a cursor', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const v = await makeUser(store);
      const recs: PopDownload[] = [
        { emailId: 'e', at: day(1) },
        { emailId: 'c', at: day(2) },
        { emailId: 'd', at: day(2) },
        { emailId: 'a', at: day(3) },
        { emailId: 'b', at: day(10) },
      ];
      await store.mail.markPopDownloaded(u.id, recs);
      await store.mail.markPopDownloaded(v.id, [{ emailId: 'x', at: day(1) }]);
      const pages: string[][] = [];
      let after: PopDownload | null = null;
      for (;;) {
        const page = await store.mail.popDownloadedBefore(u.id, day(10), after, 2);
        if (page.length === 0) break;
        pages.push(page.map((p) => p.emailId));
        after = page.at(-1)!;
      }
      // Ordered by (date, emailId); b (day 10) is not before the cutoff; v's record is not u's.
      assert.deepEqual(pages, [
        ['e', 'c'],
        ['d', 'a'],
      ]);
      const first = await store.mail.popDownloadedBefore(u.id, day(10), null, 1);
      assert.equal(first[0]!.at.toISOString(), day(1).toISOString());
      assert.deepEqual(await store.mail.popDownloadedBefore(u.id, day(10), null, 0), []);
    } finally {
      await cleanup();
    }
  });
}

export function leaseContract(make: MakeStore): void {
  test('leases: exclusive, re-entrant for the holder, released, renewed', async () => {
    const { store, cleanup } = await make();
    try {
      const L = store.leases;
      assert.equal(await L.acquire('pop3:1', 'A', 60_000), true);
      assert.equal(await L.acquire('pop3:1', 'B', 60_000), false, 'held by A');
      assert.equal(await L.acquire('pop3:2', 'B', 60_000), true, 'another name is free');
      assert.equal(await L.acquire('pop3:1', 'A', 60_000), true, 'the holder extends it');
      await L.release('pop3:1', 'B'); // not B's: nothing happens
      assert.equal(await L.acquire('pop3:1', 'B', 60_000), false);
      assert.deepEqual(
        await L.renew(
          [
            { name: 'pop3:1', holder: 'A' },
            { name: 'pop3:2', holder: 'A' },
          ],
          60_000,
        ),
        [{ name: 'pop3:2', holder: 'A' }],
        'A does not hold pop3:2',
      );
      assert.deepEqual(await L.renew([], 60_000), []);
      await L.release('pop3:1', 'A');
      assert.equal(await L.acquire('pop3:1', 'B', 60_000), true, 'free after release');
    } finally {
      await cleanup();
    }
  });

  test('leases: an expired lease (a crashed holder) is taken over, and then lost to its holder', async () => {
    const { store, cleanup } = await make();
    try {
      const L = store.leases;
      // A negative ttl is an already expired lease: what a holder that stopped renewing leaves.
      assert.equal(await L.acquire('m', 'A', -1), true);
      assert.deepEqual(await L.renew([{ name: 'm', holder: 'A' }], -1), [], 'expired but not taken: still A');
      assert.equal(await L.acquire('m', 'B', 60_000), true, 'expired: B takes it');
      assert.deepEqual(
        await L.renew([{ name: 'm', holder: 'A' }], 60_000),
        [{ name: 'm', holder: 'A' }],
        'A lost it',
      );
      await L.release('m', 'A');
      assert.equal(await L.acquire('m', 'C', 60_000), false, "A's release did not free B's lease");
    } finally {
      await cleanup();
    }
  });

  test('leases: exclusive across two handles on the same data', async (t) => {
    const { store, cleanup, reopen } = await make();
    try {
      if (!reopen) return t.skip('this store has no second handle');
      const other = await reopen();
      assert.equal(await store.leases.acquire('pop3:7', 'A', 60_000), true);
      assert.equal(await other.leases.acquire('pop3:7', 'B', 60_000), false);
      await store.leases.release('pop3:7', 'A');
      assert.equal(await other.leases.acquire('pop3:7', 'B', 60_000), true);
      assert.equal(await store.leases.acquire('pop3:7', 'A', 60_000), false);
    } finally {
      await cleanup();
    }
  });
}
