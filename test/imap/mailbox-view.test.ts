// MailboxView: queued changes of other sessions become untagged responses in the order
// and at the points the RFC allows, each reported once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MailCore } from '../../src/core/index.js';
import { MailboxView } from '../../src/protocols/imap/mailbox-view.js';
import { responseToBuffer } from '../../src/protocols/imap/wire/encode.js';
import type { Mailbox, MailChange } from '../../src/store/types.js';
import { runsFromUids } from '../../src/util/uid-runs.js';

const BOX = { id: 7, name: 'INBOX', uidValidity: 99, highestModseq: 10 } as Mailbox;

async function view(uids: number[]): Promise<MailboxView> {
  const core = { messages: { uidRuns: async () => runsFromUids(uids) } } as unknown as MailCore;
  return MailboxView.open(core, BOX, false);
}

const opts = (allowExpunge: boolean, qresync = false) => ({
  allowExpunge,
  qresync,
  condstore: qresync,
  encode: { utf8: false },
});

function text(v: MailboxView, allowExpunge: boolean, qresync = false): string[] {
  return [...v.flush(opts(allowExpunge, qresync))].map((r) =>
    (Buffer.isBuffer(r) ? r : responseToBuffer(r)).toString().trim(),
  );
}

const ch = (c: Partial<MailChange> & { type: MailChange['type'] }): MailChange =>
  ({ userId: 1, mailboxId: 7, modseq: 11, ...c }) as MailChange;

test('appends become one EXISTS; other mailboxes are ignored', async () => {
  const v = await view([1, 2, 3]);
  v.onChange(ch({ type: 'append', uid: 4 }));
  v.onChange(ch({ type: 'append', uid: 5 }));
  v.onChange({ ...ch({ type: 'append', uid: 9 }), mailboxId: 8 } as MailChange);
  assert.deepEqual(text(v, true), ['* 5 EXISTS']);
  assert.equal(v.hasPending, false);
});

test('expunges wait where not allowed; EXISTS counts the messages not yet expunged', async () => {
  const v = await view([1, 2, 3]);
  v.onChange(ch({ type: 'expunge', uids: [2] }));
  v.onChange(ch({ type: 'append', uid: 4 }));
  assert.deepEqual(text(v, false), ['* 4 EXISTS']);
  assert.equal(v.hasPendingExpunges, true);
  assert.deepEqual(text(v, true), ['* 2 EXPUNGE']);
  assert.equal(v.seq.size, 3);
});

test('expunges are sent highest first, or as VANISHED under QRESYNC', async () => {
  const v = await view([1, 2, 3, 4]);
  v.onChange(ch({ type: 'expunge', uids: [1, 3] }));
  assert.deepEqual(text(v, true), ['* 3 EXPUNGE', '* 1 EXPUNGE']);
  const q = await view([1, 2, 3, 4]);
  q.onChange(ch({ type: 'expunge', uids: [1, 3] }));
  assert.deepEqual(text(q, true, true), ['* VANISHED 1,3']);
});

test('flag changes: FETCH FLAGS, with UID and MODSEQ under QRESYNC; the last one wins', async () => {
  const v = await view([1, 2]);
  v.onChange(ch({ type: 'flags', changes: [{ uid: 2, modseq: 11, flags: ['\\Seen'] }] }));
  v.onChange(ch({ type: 'flags', changes: [{ uid: 2, modseq: 12, flags: ['\\Seen', '\\Flagged'] }] }));
  assert.deepEqual(text(v, true), ['* 2 FETCH (FLAGS (\\Seen \\Flagged))']);
  v.onChange(ch({ type: 'flags', changes: [{ uid: 1, modseq: 13, flags: [] }] }));
  assert.deepEqual(text(v, true, true), ['* 1 FETCH (UID 1 FLAGS () MODSEQ (13))']);
});

test('appended then expunged before a flush: nothing is reported', async () => {
  const v = await view([1]);
  v.onChange(ch({ type: 'append', uid: 2 }));
  v.onChange(ch({ type: 'flags', changes: [{ uid: 2, modseq: 12, flags: ['\\Seen'] }] }));
  v.onChange(ch({ type: 'expunge', uids: [2] }));
  assert.deepEqual(text(v, true), []);
  assert.equal(v.seq.size, 1);
});

test('own changes are not reported twice', async () => {
  const v = await view([1, 2, 3]);
  v.onChange(ch({ type: 'expunge', uids: [2] }));
  v.onChange(ch({ type: 'flags', changes: [{ uid: 3, modseq: 12, flags: ['\\Seen'] }] }));
  assert.deepEqual(v.ownExpunged([2]), [2]);
  v.ownFlags([{ uid: 3, modseq: 12 }]);
  assert.deepEqual(text(v, true), []);
});

test('a flag change newer than the own one is still reported', async () => {
  const v = await view([1]);
  v.onChange(ch({ type: 'flags', changes: [{ uid: 1, modseq: 20, flags: ['\\Answered'] }] }));
  v.ownFlags([{ uid: 1, modseq: 15 }]);
  assert.deepEqual(text(v, true), ['* 1 FETCH (FLAGS (\\Answered))']);
});

test('deletion of the mailbox and renames are noted', async () => {
  const v = await view([]);
  v.onChange(
    ch({ type: 'mailbox', action: 'rename', name: 'Renamed' } as Partial<MailChange> & { type: 'mailbox' }),
  );
  assert.equal(v.name, 'Renamed');
  v.onChange(
    ch({ type: 'mailbox', action: 'delete', name: 'Renamed' } as Partial<MailChange> & { type: 'mailbox' }),
  );
  assert.equal(v.deleted, true);
});

test('queued flag changes are brought up to the store before they are reported (a late change from another process never lowers MODSEQ)', async () => {
  const v = await view([1, 2, 3]);
  // The store now: uid 1 changed again (modseq 20) since the queued change, uid 2 is as
  // queued, uid 3 was expunged (its EXPUNGE has not arrived yet).
  const stored = [
    { uid: 1, modseq: 20, flags: ['\\Seen', '\\Flagged'] },
    { uid: 2, modseq: 12, flags: ['\\Answered'] },
  ];
  const core = {
    messages: {
      async *flagPages(_box: number, ranges: { start: number; end: number }[]) {
        yield stored.filter((m) => ranges.some((r) => m.uid >= r.start && m.uid <= r.end));
      },
    },
  } as unknown as MailCore;
  v.onChange(
    ch({
      type: 'flags',
      modseq: 12,
      changes: [
        { uid: 1, modseq: 12, flags: ['\\Seen'] },
        { uid: 2, modseq: 12, flags: ['\\Answered'] },
        { uid: 3, modseq: 12, flags: ['\\Deleted'] },
      ],
    }),
  );
  await v.refreshFlagChanges(core);
  assert.deepEqual(text(v, true, true), [
    '* 1 FETCH (UID 1 FLAGS (\\Seen \\Flagged) MODSEQ (20))',
    '* 2 FETCH (UID 2 FLAGS (\\Answered) MODSEQ (12))',
  ]);
});

test('flag FETCHes are built as they are read, with the message number of that moment', async () => {
  const v = await view([1, 2, 3, 4]);
  const many = Array.from({ length: 4 }, (_, i) => ({ uid: i + 1, modseq: 20, flags: ['\\Seen'] }));
  v.onChange(ch({ type: 'flags', changes: many }));
  const it = v.flush(opts(true))[Symbol.iterator]();
  const line = (r: IteratorResult<Buffer | Parameters<typeof responseToBuffer>[0]>) =>
    r.done ? null : (Buffer.isBuffer(r.value) ? r.value : responseToBuffer(r.value)).toString().trim();
  assert.equal(line(it.next()), '* 1 FETCH (FLAGS (\\Seen))');
  // The session expunges message 2 while writing: 3 and 4 go out with their new numbers.
  assert.deepEqual(v.ownExpunged([2]), [2]);
  assert.equal(line(it.next()), '* 2 FETCH (FLAGS (\\Seen))');
  assert.equal(line(it.next()), '* 3 FETCH (FLAGS (\\Seen))');
  assert.equal(line(it.next()), null);
  assert.equal(v.hasPending, false);
});
