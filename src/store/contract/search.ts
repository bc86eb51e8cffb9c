// Contract: search keys, sort keys, blob reads.
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';
import type { SearchKey, Store } from '../types.js';
import { type MakeStore, mailboxId, makeUser, newMessage, rejectsCode, type TestMessage } from './helpers.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

async function fill(store: Store, userId: number, box: number) {
  const specs: [TestMessage, string[], Date][] = [
    [
      {
        subject: 'Re: Quarterly report',
        from: 'zed@example.test',
        to: 'amy@example.test',
        date: day('2024-03-01'),
        body: 'Numbers attached. Grüße aus Köln\r\n',
      },
      ['\\Seen'],
      day('2024-03-02'),
    ],
    [
      {
        subject: 'Lunch?',
        from: 'bob@example.test',
        to: 'zoe@example.test',
        cc: 'carl@example.test',
        date: day('2024-01-15'),
        body: 'Pizza at noon ok\r\n',
        extraHeaders: 'X-Mailer: Postroom-Test',
      },
      ['\\Flagged', 'Food'],
      day('2024-01-16'),
    ],
    [
      {
        subject: 'quarterly Report',
        from: 'amy@example.test',
        to: 'bob@example.test',
        date: null,
        body: 'xy\r\n',
      },
      [],
      day('2024-02-10'),
    ],
  ];
  const out = [];
  for (const [m, f, d] of specs) out.push(await newMessage(store, m, f, d));
  // Make message 3 much bigger.
  return store.mail.append(userId, box, out);
}

export function searchContract(make: MakeStore): void {
  test('search keys', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const box = await mailboxId(store, u.id, 'INBOX');
      const appended = await fill(store, u.id, box);
      const q = (key: SearchKey) => store.mail.search(box, key);
      assert.deepEqual(await q({ k: 'all' }), [1, 2, 3]);
      assert.deepEqual(await q({ k: 'uid', ranges: [{ start: 2, end: Number.POSITIVE_INFINITY }] }), [2, 3]);
      assert.deepEqual(await q({ k: 'flag', flag: '\\Seen', set: true }), [1]);
      assert.deepEqual(await q({ k: 'flag', flag: '\\seen', set: false }), [2, 3]);
      assert.deepEqual(await q({ k: 'flag', flag: 'food', set: true }), [2]);
      assert.deepEqual(await q({ k: 'flag', flag: 'Foo', set: true }), []);
      assert.deepEqual(await q({ k: 'flag', flag: '\\Recent', set: true }), []);
      assert.deepEqual(await q({ k: 'internaldate', op: 'before', date: '2024-02-10' }), [2]);
      assert.deepEqual(await q({ k: 'internaldate', op: 'on', date: '2024-02-10' }), [3]);
      assert.deepEqual(await q({ k: 'internaldate', op: 'since', date: '2024-02-10' }), [1, 3]);
      assert.deepEqual(await q({ k: 'sentdate', op: 'since', date: '2024-02-01' }), [1]);
      assert.deepEqual(await q({ k: 'sentdate', op: 'on', date: '2024-01-15' }), [2]);
      assert.deepEqual(await q({ k: 'savedate', op: 'since', date: '2000-01-01' }), [1, 2, 3]);
      assert.deepEqual(await q({ k: 'age', op: 'younger', seconds: 60 }), []);
      assert.deepEqual(await q({ k: 'age', op: 'older', seconds: 60 }), [1, 2, 3]);
      const sizes = (await store.mail.messages(box, [{ start: 1, end: 3 }], 3)).map((m) => m.size);
      const mid = [...sizes].sort((a, b) => a - b)[1]!;
      assert.deepEqual(
        await q({ k: 'size', op: 'larger', bytes: mid }),
        sizes.flatMap((s, i) => (s > mid ? [i + 1] : [])),
      );
      assert.deepEqual(
        await q({ k: 'size', op: 'smaller', bytes: mid }),
        sizes.flatMap((s, i) => (s < mid ? [i + 1] : [])),
      );
      assert.deepEqual(await q({ k: 'header', name: 'subject', value: 'QUARTERLY' }), [1, 3]);
      assert.deepEqual(await q({ k: 'header', name: 'x-mailer', value: '' }), [2]);
      assert.deepEqual(await q({ k: 'header', name: 'Cc', value: 'carl' }), [2]);
      assert.deepEqual(await q({ k: 'header', name: 'to', value: 'zo' }), [2]);
      assert.deepEqual(await q({ k: 'header', name: 'from', value: 'bob@' }), [2]);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: 'pizza' }), [2]);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: 'GRÜSSE' }), []);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: 'grüße' }), [1]);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: 'KÖLN' }), [1]);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: 'xy' }), [3]);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: 'quarterly' }), []);
      assert.deepEqual(await q({ k: 'text', where: 'text', value: 'quarterly' }), [1, 3]);
      assert.deepEqual(await q({ k: 'text', where: 'text', value: 'ok' }), [2]);
      assert.deepEqual(await q({ k: 'text', where: 'text', value: '50%' }), []);
      assert.deepEqual(await q({ k: 'text', where: 'body', value: '"' }), []);
      assert.deepEqual(await q({ k: 'modseq', min: appended[0]!.modseq }), [1, 2, 3]);
      assert.deepEqual(await q({ k: 'modseq', min: appended[0]!.modseq + 1 }), []);
      assert.deepEqual(await q({ k: 'emailid', id: appended[1]!.emailId }), [2]);
      const t = (await store.mail.messages(box, [{ start: 3, end: 3 }], 1))[0]!.threadId;
      assert.deepEqual(await q({ k: 'threadid', id: t }), [3]);
      assert.deepEqual(
        await q({
          k: 'or',
          keys: [
            { k: 'flag', flag: '\\Seen', set: true },
            { k: 'flag', flag: '\\Flagged', set: true },
          ],
        }),
        [1, 2],
      );
      assert.deepEqual(
        await q({
          k: 'and',
          keys: [
            { k: 'not', key: { k: 'flag', flag: '\\Seen', set: true } },
            { k: 'text', where: 'text', value: 'report' },
          ],
        }),
        [3],
      );
      assert.deepEqual(await q({ k: 'or', keys: [] }), []);
      await assert.rejects(q({ k: 'internaldate', op: 'on', date: '2024-13-45x' }));
    } finally {
      await cleanup();
    }
  });

  test('search within UID ranges: the same answer restricted to them', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const box = await mailboxId(store, u.id, 'INBOX');
      const uids = (await fill(store, u.id, box)).map((r) => r.uid);
      const [a, b, c] = uids as [number, number, number];
      const keys: SearchKey[] = [
        { k: 'all' },
        { k: 'flag', flag: '\\Seen', set: false },
        { k: 'text', where: 'text', value: 'quarterly' }, // the trigram index
        { k: 'header', name: 'subject', value: 'report' },
        { k: 'address', field: 'from', value: 'example.test' },
      ];
      for (const key of keys) {
        const all = await store.mail.search(box, key);
        for (const within of [
          [{ start: b, end: b }],
          [
            { start: a, end: a },
            { start: c, end: c + 10 },
          ],
          [],
        ])
          assert.deepEqual(
            await store.mail.search(box, key, within),
            all.filter((uid) => within.some((r) => uid >= r.start && uid <= r.end)),
            `${JSON.stringify(key)} within ${JSON.stringify(within)}`,
          );
      }
    } finally {
      await cleanup();
    }
  });

  test('sort keys (RFC 5256), ties by UID', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const box = await mailboxId(store, u.id, 'INBOX');
      await fill(store, u.id, box);
      const s = (key: Parameters<Store['mail']['sort']>[1][number]['key'], reverse = false) =>
        store.mail.sort(box, [{ key, reverse }], { k: 'all' });
      assert.deepEqual(await s('arrival'), [2, 3, 1]);
      assert.deepEqual(await s('arrival', true), [1, 3, 2]);
      // message 3 has no Date: its internal date (2024-02-10) stands in
      assert.deepEqual(await s('date'), [2, 3, 1]);
      assert.deepEqual(await s('from'), [3, 2, 1]);
      assert.deepEqual(await s('to'), [1, 3, 2]);
      assert.deepEqual(await s('cc'), [1, 3, 2]);
      // base subjects: "Quarterly report", "Lunch?", "quarterly Report" (ties keep UID order)
      assert.deepEqual(await s('subject'), [2, 1, 3]);
      assert.deepEqual(await s('subject', true), [1, 3, 2]);
      assert.deepEqual(await s('displayfrom'), [3, 2, 1]);
      assert.deepEqual(
        await store.mail.sort(
          box,
          [
            { key: 'subject', reverse: false },
            { key: 'arrival', reverse: true },
          ],
          { k: 'flag', flag: '\\Flagged', set: false },
        ),
        [1, 3],
      );
      const sizes = (await store.mail.messages(box, [{ start: 1, end: 3 }], 3)).map((m, i) => [
        m.size,
        i + 1,
      ]);
      sizes.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      assert.deepEqual(
        await s('size'),
        sizes.map((x) => x[1]),
      );
    } finally {
      await cleanup();
    }
  });

  test('blob reads: whole, ranges, missing', async () => {
    const { store, cleanup } = await make();
    try {
      const m = await newMessage(store, { body: 'abcdefghij\r\n' });
      const raw = m.raw;
      assert.ok(await store.blobs.exists(m.blob.id));
      assert.ok(!(await store.blobs.exists('0'.repeat(64))));
      assert.deepEqual(await store.blobs.readBuffer(m.blob.id), raw);
      assert.deepEqual(await store.blobs.readBuffer(m.blob.id, 3, 10), raw.subarray(3, 10));
      assert.deepEqual(
        await store.blobs.readBuffer(m.blob.id, raw.length - 2, raw.length + 50),
        raw.subarray(-2),
      );
      assert.equal((await store.blobs.readBuffer(m.blob.id, 5, 5)).length, 0);
      assert.equal(await text(store.blobs.read(m.blob.id)), raw.toString());
      assert.equal(await text(store.blobs.read(m.blob.id, 2, 6)), raw.subarray(2, 6).toString());
      assert.equal(await text(store.blobs.read(m.blob.id, 4, 4)), '');
      assert.equal((await store.blobs.readBuffer(m.blob.id, 9, 4)).length, 0);
      assert.equal((await store.blobs.readBuffer(m.blob.id, raw.length + 5, raw.length + 9)).length, 0);
      await assert.rejects(store.blobs.readBuffer('f'.repeat(64)));
      await rejectsCode(store.blobs.readBuffer('f'.repeat(64), 0, 10), 'NotFound');
      await assert.rejects(store.blobs.readBuffer('../etc/passwd'));
      await assert.rejects(store.blobs.readBuffer('../etc/passwd', 0, 10));
    } finally {
      await cleanup();
    }
  });
}
