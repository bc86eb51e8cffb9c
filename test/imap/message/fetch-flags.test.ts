// FETCH of UID/FLAGS/MODSEQ only (message/fetch-flags.ts, the resync path): the same
// bytes as the general path, in the order asked, for exactly the messages of the view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { RawImap } from '../helpers/raw-client.js';

let srv: TestServer;
let inboxId: number;
const ALL = [{ start: 1, end: Number.POSITIVE_INFINITY }];

before(async () => {
  srv = await startTestServer();
  for (let i = 1; i <= 12; i++) await srv.deliver(message(`m${i}`));
  inboxId = (await srv.mailbox('INBOX')).id;
  const set = (uids: number[], flags: string[]) =>
    srv.store.mail.setFlags(
      srv.userId,
      inboxId,
      uids.map((u) => ({ start: u, end: u })),
      'add',
      flags,
    );
  await set([2, 3, 9], ['\\Seen']);
  await set([4, 9], ['$Label1', '\\Flagged']);
  await set([5], ['\\Deleted', '\\Answered', 'Work']);
  await srv.store.mail.remove(srv.userId, inboxId, [{ start: 7, end: 7 }]);
});
after(async () => {
  await srv.stop();
});

const fetches = (lines: string[]) => lines.filter((l) => /^\* \d+ FETCH /.test(l));

// The first session to SELECT (read-write, IMAP4rev1) owns every message as \Recent
// (RFC 3501 §2.3.2), which the lean path adds to the stored flags as the general path does.
test('UID FETCH 1:* (FLAGS) lists every message of the view with its stored flags', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  await c.command('a', 'SELECT INBOX');
  const got = await c.command('b', 'UID FETCH 1:* (FLAGS)');
  assert.match(got.at(-1)!, /^b OK/);
  const stored = await srv.store.mail.messages(inboxId, ALL, 100);
  assert.equal(stored.length, 11);
  assert.deepEqual(
    fetches(got),
    stored.map((m, i) => `* ${i + 1} FETCH (UID ${m.uid} FLAGS (${['\\Recent', ...m.flags].join(' ')}))`),
  );
  assert.ok(fetches(got).includes('* 4 FETCH (UID 4 FLAGS (\\Recent \\Flagged $Label1))'));
  assert.ok(fetches(got).includes('* 5 FETCH (UID 5 FLAGS (\\Recent \\Answered \\Deleted Work))'));
  assert.ok(fetches(got).includes('* 7 FETCH (UID 8 FLAGS (\\Recent))'));
  c.close();
});

test('the order asked is kept and equals the general path byte for byte (MODSEQ, ranges)', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  await c.command('a', 'SELECT INBOX');
  const lean = fetches(await c.command('b', 'FETCH 2:4,6:* (FLAGS MODSEQ UID)'));
  const general = fetches(await c.command('c', 'FETCH 2:4,6:* (FLAGS MODSEQ UID RFC822.SIZE)')).map((l) =>
    l.replace(/ RFC822\.SIZE \d+/, ''),
  );
  assert.equal(lean.length, 9);
  assert.deepEqual(lean, general);
  assert.match(lean[0]!, /^\* 2 FETCH \(FLAGS \(\\Seen\) MODSEQ \(\d+\) UID 2\)$/);
  const uidOnly = fetches(await c.command('d', 'UID FETCH 8:10 (UID)'));
  assert.deepEqual(uidOnly, ['* 7 FETCH (UID 8)', '* 8 FETCH (UID 9)', '* 9 FETCH (UID 10)']);
  c.close();
});

test('a message delivered after SELECT appears only after its EXISTS', async () => {
  const c = await RawImap.open(srv.port);
  await c.login();
  await c.command('a', 'SELECT INBOX');
  await srv.deliver(message('late'));
  const got = await c.command('b', 'UID FETCH 1:* (FLAGS)');
  const exists = got.indexOf('* 12 EXISTS');
  assert.ok(exists >= 0, got.join('\n'));
  const late = got.findIndex((l) => /^\* 12 FETCH \(UID 13 /.test(l));
  assert.ok(late === -1 || late > exists, got.join('\n'));
  const again = fetches(await c.command('c', 'UID FETCH 13 (FLAGS)'));
  assert.deepEqual(again, ['* 12 FETCH (UID 13 FLAGS (\\Recent))']); // this session saw it first
  c.close();
});
