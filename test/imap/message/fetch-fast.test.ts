// The FETCH fast path writes exactly what the general path writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAST_ITEMS, fetchLine, isFastFetch } from '../../../src/protocols/imap/message/fetch-fast.js';
import { MetaCache, messageItems } from '../../../src/protocols/imap/message/fetch-message.js';
import { responseToBuffer } from '../../../src/protocols/imap/wire/encode.js';
import type { FetchAttr } from '../../../src/protocols/imap/wire/fetch-items.js';
import { fetchResponse } from '../../../src/protocols/imap/wire/fetch-response.js';
import type { MessageRecord } from '../../../src/store/types.js';

const unused = {
  readBody: () => {
    throw new Error('not used');
  },
  readBodyBuffer: () => Promise.reject(new Error('not used')),
  blobMeta: () => Promise.reject(new Error('not used')),
};
const rec: MessageRecord = {
  id: 1,
  mailboxId: 1,
  uid: 42,
  modseq: 9000000001,
  emailId: 'Mabc_1',
  threadId: 'Tdef-2',
  blobId: 'x',
  size: 1234,
  flags: ['\\Seen', '$Forwarded'],
  internalDate: new Date(Date.UTC(2026, 0, 5, 3, 4, 5)),
  saveDate: new Date(Date.UTC(2026, 10, 21, 23, 59, 59)),
};
const s = (name: string): FetchAttr => ({ kind: 'simple', name }) as FetchAttr;

test('fetchLine equals the general response for every record-only item', async () => {
  const attrs = FAST_ITEMS.map(s);
  assert.equal(isFastFetch(attrs), true);
  const items = await messageItems(unused, new MetaCache(unused), rec, attrs, { utf8: false });
  const general = responseToBuffer(fetchResponse(7, items, { utf8: false })).toString();
  assert.equal(fetchLine(7, rec, attrs), general);
  assert.equal(fetchLine(7, { ...rec, flags: [] }, [s('FLAGS')]), '* 7 FETCH (FLAGS ())\r\n');
});

test('items that need the body or structure are not fast', () => {
  assert.equal(isFastFetch([s('FLAGS'), s('ENVELOPE')]), false);
  assert.equal(
    isFastFetch([{ kind: 'body-section', peek: true, section: { part: [], text: null }, partial: null }]),
    false,
  );
});
