import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  deleteTarget,
  eachMessageOnce,
  expireFor,
  inScope,
  lowerBound,
  type PopPolicy,
  parseLoginName,
  recordsDownloads,
} from '../../src/protocols/pop3/policy.js';

const base: PopPolicy = {
  scope: 'inbox',
  onDownload: 'seen',
  onDelete: 'expunge',
  offerAgain: true,
  deleteAfterDays: null,
  enabledAt: '2026-01-01T00:00:00.000Z',
};
const boxes = [
  { name: 'INBOX', specialUse: null },
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Trash', specialUse: '\\Trash' },
  { name: 'Junk', specialUse: '\\Junk' },
  { name: 'Archive', specialUse: '\\Archive' },
  { name: 'Lists/rust', specialUse: null },
];

test('recent: prefix', () => {
  assert.deepEqual(parseLoginName('recent:a@b.test'), { address: 'a@b.test', recent: true });
  assert.deepEqual(parseLoginName('RECENT:a@b.test'), { address: 'a@b.test', recent: true });
  assert.deepEqual(parseLoginName('a@b.test'), { address: 'a@b.test', recent: false });
});

test('scope picks mailboxes', () => {
  assert.deepEqual(
    inScope(boxes, 'inbox').map((b) => b.name),
    ['INBOX'],
  );
  assert.deepEqual(
    inScope(boxes, 'since-enabled').map((b) => b.name),
    ['INBOX'],
  );
  assert.deepEqual(
    inScope(boxes, 'all').map((b) => b.name),
    ['INBOX', 'Sent', 'Archive', 'Lists/rust'],
  );
});

test('lower bound: since-enabled and recent mode', () => {
  const now = new Date('2026-03-31T00:00:00Z');
  assert.equal(lowerBound(base, false, now), null);
  assert.equal(lowerBound({ ...base, scope: 'since-enabled' }, false, now)?.toISOString(), base.enabledAt);
  assert.equal(lowerBound(base, true, now)?.toISOString(), '2026-03-01T00:00:00.000Z');
});

test('each-message-once hides downloads, except in recent mode', () => {
  assert.equal(eachMessageOnce(base, false), false);
  assert.equal(eachMessageOnce({ ...base, offerAgain: false }, false), true);
  assert.equal(eachMessageOnce({ ...base, offerAgain: false }, true), false);
});

test('downloads are recorded for each-message-once and for retention, never in recent mode', () => {
  assert.equal(recordsDownloads(base, false), false);
  assert.equal(recordsDownloads({ ...base, offerAgain: false }, false), true);
  assert.equal(recordsDownloads({ ...base, deleteAfterDays: 3 }, false), true);
  assert.equal(recordsDownloads({ ...base, deleteAfterDays: 3, offerAgain: false }, true), false);
});

test('EXPIRE reflects what the client will see', () => {
  assert.equal(expireFor(base, false), 'NEVER');
  assert.equal(expireFor({ ...base, deleteAfterDays: 7 }, false), 7);
  assert.equal(expireFor({ ...base, offerAgain: false }, false), 0);
  assert.equal(expireFor({ ...base, onDownload: 'archive' }, false), 0);
  assert.equal(expireFor({ ...base, onDownload: 'archive', scope: 'all' }, false), 'NEVER');
  assert.equal(expireFor({ ...base, offerAgain: false }, true), 'NEVER');
});

test('DELE target', () => {
  assert.equal(deleteTarget(base), null);
  assert.equal(deleteTarget({ ...base, onDelete: 'trash' }), '\\Trash');
  assert.equal(deleteTarget({ ...base, onDelete: 'archive' }), '\\Archive');
});
