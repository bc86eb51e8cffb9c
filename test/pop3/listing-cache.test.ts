// The snapshot listing cache: valid only for the same UIDVALIDITY and HIGHESTMODSEQ,
// least recently used mailbox evicted first, bounded in messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ListedMessage, ListingCache } from '../../src/protocols/pop3/listing-cache.js';

const list = (n: number, mailboxId = 1): ListedMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    uidl: `E${mailboxId}-${i}`,
    size: 10,
    mailboxId,
    uid: i + 1,
    date: i,
  }));
const box = (id: number, highestModseq = 5, uidValidity = 100) => ({ id, highestModseq, uidValidity });

test('a listing is served only while the mailbox is unchanged', () => {
  const c = new ListingCache(100);
  const l = list(3);
  c.set(box(1), l);
  assert.equal(c.get(box(1)), l);
  assert.equal(c.get(box(1, 6)), null, 'any change raises highestModseq');
  assert.equal(c.get(box(1)), null, 'and the stale listing is gone');
  c.set(box(1), l);
  assert.equal(c.get(box(1, 5, 101)), null, 'a recreated mailbox (same id, new UIDVALIDITY)');
  assert.equal(c.size, 0);
});

test('bounded: least recently used out first; a mailbox too large is not kept', () => {
  const c = new ListingCache(100);
  c.set(box(1), list(20, 1));
  c.set(box(2), list(20, 2));
  c.set(box(3), list(20, 3));
  assert.ok(c.get(box(1)), 'box 1 used: box 2 is now the oldest');
  c.set(box(4), list(25, 4));
  c.set(box(5), list(25, 5)); // 110 > 100: evicts box 2
  assert.equal(c.get(box(2)), null);
  assert.ok(c.get(box(1)));
  assert.ok(c.get(box(5)));
  assert.ok(c.size <= 100);
  c.set(box(6), list(26, 6)); // more than a quarter of the bound
  assert.equal(c.get(box(6)), null);
  c.set(box(1), list(2, 1)); // replacing counts once
  assert.equal(c.get(box(1))!.length, 2);
});
