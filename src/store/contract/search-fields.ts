// Contract: the index fields behind IMAP address search, SENT* dates, SORT collation and
// THREAD (BlobMeta.fromText..., sentOffset, from/to/cc, display values, threadFields).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchKey, SortKey, Store } from '../types.js';
import { type MakeStore, mailboxId, makeUser, newMessage, type TestMessage } from './helpers.js';

const at = (iso: string) => new Date(iso);

/** Three messages whose index fields are given as the analyzer would compute them. */
const SPECS: TestMessage[] = [
  {
    subject: '[list] Re: apples',
    date: at('2007-03-24T22:30:00Z'), // written "Sun, 25 Mar 2007 00:30:00 +0200"
    meta: {
      from: 'zed',
      to: 'team',
      cc: 'carl',
      fromDisplay: 'Zed Alpha',
      toDisplay: 'team',
      fromText: 'Zed Alpha <zed@one.test>',
      toText: 'team: <a@x.test>, <b@x.test>;',
      ccText: 'Carl C <carl@two.test>',
      sentOffset: 120,
    },
  },
  {
    subject: '_underscore',
    date: at('2007-03-24T23:30:00Z'),
    meta: {
      from: 'amy',
      to: 'bea',
      fromDisplay: 'amy@one.test',
      toDisplay: 'Béa',
      fromText: '<amy@one.test>',
      toText: 'Béa <bea@x.test>',
      ccText: '',
      bccText: '',
      sentOffset: 0,
    },
  },
  {
    subject: 'Apples (fwd)',
    date: at('2007-03-25T22:00:00Z'), // written "Mon, 26 Mar 2007 01:00:00 +0300"
    meta: {
      from: 'bob',
      to: 'zoe',
      cc: '',
      fromDisplay: 'bob@two.test',
      toDisplay: 'zoe@x.test',
      fromText: '<bob@two.test>',
      toText: '<zoe@x.test>',
      ccText: '',
      bccText: '<secret@hidden.test>',
      sentOffset: 180,
    },
  },
];

async function fill(store: Store): Promise<number> {
  const u = await makeUser(store);
  const box = await mailboxId(store, u.id, 'INBOX');
  const out = [];
  for (const m of SPECS) out.push(await newMessage(store, m));
  await store.mail.append(u.id, box, out);
  return box;
}

export function searchFieldsContract(make: MakeStore): void {
  test('address search: case-insensitive substrings of the written-out lists', async () => {
    const { store, cleanup } = await make();
    try {
      const box = await fill(store);
      const q = (field: 'from' | 'to' | 'cc' | 'bcc', value: string) =>
        store.mail.search(box, { k: 'address', field, value });
      assert.deepEqual(await q('from', 'ZED ALPHA <zed@'), [1]);
      assert.deepEqual(await q('from', 'one.test'), [1, 2]);
      assert.deepEqual(await q('to', 'team: <a@'), [1]);
      assert.deepEqual(await q('to', 'BÉA'), [2]);
      assert.deepEqual(await q('cc', 'carl c'), [1]);
      assert.deepEqual(await q('bcc', 'secret'), [3]);
      assert.deepEqual(await q('bcc', '%'), []); // no LIKE wildcards
      const not: SearchKey = { k: 'not', key: { k: 'address', field: 'from', value: 'bob' } };
      assert.deepEqual(await store.mail.search(box, not), [1, 2]);
      // the blob round-trips the fields
      const rec = (await store.mail.messages(box, [{ start: 1, end: 1 }], 1))[0]!;
      const meta = await store.mail.blobMeta(rec.blobId);
      assert.equal(meta?.toText, 'team: <a@x.test>, <b@x.test>;');
      assert.equal(meta?.sentOffset, 120);
    } finally {
      await cleanup();
    }
  });

  test('sentdate compares the day written in the Date: header (RFC 3501 §6.4.4)', async () => {
    const { store, cleanup } = await make();
    try {
      const box = await fill(store);
      const q = (op: 'before' | 'on' | 'since', date: string) =>
        store.mail.search(box, { k: 'sentdate', op, date });
      assert.deepEqual(await q('on', '2007-03-25'), [1]);
      assert.deepEqual(await q('on', '2007-03-24'), [2]);
      assert.deepEqual(await q('before', '2007-03-26'), [1, 2]);
      assert.deepEqual(await q('since', '2007-03-26'), [3]);
      assert.deepEqual(await q('since', '2007-03-25'), [1, 3]);
    } finally {
      await cleanup();
    }
  });

  test('string sort keys compare with i;ascii-casemap, ties in UID order', async () => {
    const { store, cleanup } = await make();
    try {
      const box = await fill(store);
      const s = (key: SortKey, reverse = false) => store.mail.sort(box, [{ key, reverse }], { k: 'all' });
      // base subjects "apples", "_underscore", "Apples": "_" sorts after letters (A-Z)
      assert.deepEqual(await s('subject'), [1, 3, 2]);
      assert.deepEqual(await s('subject', true), [2, 1, 3]);
      assert.deepEqual(await s('from'), [2, 3, 1]);
      assert.deepEqual(await s('to'), [2, 1, 3]);
      assert.deepEqual(await s('cc'), [2, 3, 1]);
      assert.deepEqual(await s('displayfrom'), [2, 3, 1]);
      assert.deepEqual(await s('displayto'), [2, 1, 3]); // "BéA" < "TEAM" < "ZOE@X.TEST"
    } finally {
      await cleanup();
    }
  });

  test('threadFields: the THREAD columns of UID ranges in one page', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const box = await mailboxId(store, u.id, 'INBOX');
      const internal = at('2026-01-02T03:04:05Z');
      const a = await newMessage(store, {
        subject: 'root',
        messageId: 'r@x',
        date: at('2024-05-01T00:00:00Z'),
      });
      const b = await newMessage(
        store,
        { subject: 'Re: root', messageId: 'c@x', inReplyTo: 'r@x', references: ['r@x'], date: null },
        [],
        internal,
      );
      const c = await newMessage(store, { subject: 'other' });
      await store.mail.append(u.id, box, [a, b, c]);
      const page = await store.mail.threadFields(
        box,
        [
          { start: 2, end: 2 },
          { start: 1, end: 1 },
          { start: 3, end: Number.POSITIVE_INFINITY },
        ],
        2,
      );
      assert.deepEqual(
        page.map((f) => ({ ...f, date: f.date.toISOString() })),
        [
          {
            uid: 1,
            messageId: 'r@x',
            inReplyTo: null,
            references: [],
            subject: 'root',
            date: '2024-05-01T00:00:00.000Z',
          },
          // no Date: header: the internal date stands in (RFC 5256 §2.2)
          {
            uid: 2,
            messageId: 'c@x',
            inReplyTo: 'r@x',
            references: ['r@x'],
            subject: 'Re: root',
            date: internal.toISOString(),
          },
        ],
      );
      assert.deepEqual(await store.mail.threadFields(box, [{ start: 1, end: 3 }], 0), []);
    } finally {
      await cleanup();
    }
  });
}
