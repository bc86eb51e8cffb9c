// CONDSTORE/QRESYNC resync after changes (CHANGEDSINCE + VANISHED (EARLIER)), and
// UID FETCH 1:* (FLAGS) streamed over a 100,000-message mailbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, flowClient } from './bytes-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  for (let i = 1; i <= 6; i++) await srv.deliver(message(`sync ${i}`));
});
after(async () => {
  await srv.stop();
});

test('QRESYNC: after changes by another client, CHANGEDSINCE + VANISHED (EARLIER) tell exactly what changed', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('e', 'ENABLE QRESYNC');
  const sel = (await c.command('s', 'SELECT INBOX')).toString();
  const modseq = Number(/HIGHESTMODSEQ (\d+)/.exec(sel)![1]);
  const uidValidity = Number(/UIDVALIDITY (\d+)/.exec(sel)![1]);
  const uids = /^\* SEARCH (.*)\r$/m
    .exec((await c.command('u', 'UID SEARCH ALL')).toString())![1]!
    .split(' ')
    .map(Number);
  await c.command('x', 'UNSELECT');
  // Another client changes flags, expunges two messages, and a new one arrives.
  const other = flowClient(srv);
  await other.connect();
  await other.mailboxOpen('INBOX');
  await other.messageFlagsAdd(String(uids[0]), ['\\Answered'], { uid: true });
  await other.messageDelete(`${uids[1]},${uids[2]}`, { uid: true });
  await other.logout();
  await srv.deliver(message('sync new'));
  // Resync with the SELECT QRESYNC parameters.
  const r = (
    await c.command('q', `SELECT INBOX (QRESYNC (${uidValidity} ${modseq} ${uids[0]}:${uids.at(-1)}))`)
  ).toString();
  assert.match(r, new RegExp(`^\\* VANISHED \\(EARLIER\\) ${uids[1]}:${uids[2]}\\r$`, 'm'));
  assert.match(
    r,
    new RegExp(`^\\* 1 FETCH \\(UID ${uids[0]} FLAGS \\(\\\\Answered\\) MODSEQ \\(\\d+\\)\\)`, 'm'),
  );
  // And with UID FETCH CHANGEDSINCE ... VANISHED.
  const f = (await c.command('f', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`)).toString();
  assert.match(f, new RegExp(`^\\* VANISHED \\(EARLIER\\) ${uids[1]}:${uids[2]}\\r$`, 'm'));
  assert.match(f, /\(UID \d+ FLAGS \(\\Answered\) MODSEQ \(\d+\)\)/);
  assert.equal((f.match(/^\* \d+ FETCH/gm) ?? []).length, 2, f); // the flagged one and the new one
  // CONDSTORE only: FETCH CHANGEDSINCE without VANISHED.
  const g = (await c.command('g', `FETCH 1:* (UID) (CHANGEDSINCE ${modseq})`)).toString();
  assert.equal((g.match(/^\* \d+ FETCH \(UID \d+ MODSEQ/gm) ?? []).length, 2, g);
  assert.match(
    (await c.command('h', `FETCH 1 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`)).toString(),
    /^h BAD/m,
  );
  c.close();
});

test('UID FETCH 1:* (FLAGS) over 100,000 messages streams every response quickly', {
  timeout: 120_000,
}, async () => {
  const box = await srv.core.mailboxes.require(srv.userId, 'Archive');
  // One blob, 100,000 rows: the store appends in batches (bodies are shared by design).
  const ingested = await srv.core.messages.ingest([Buffer.from(message('bulk'))]);
  for (let i = 0; i < 100_000; i += 5000) {
    const batch = Array.from({ length: 5000 }, (_, k) => ({
      blob: ingested.meta,
      flags: (i + k) % 3 === 0 ? ['\\Seen'] : [],
      internalDate: new Date(),
      threadId: null,
    }));
    await srv.store.mail.append(srv.userId, box.id, batch);
  }
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'EXAMINE Archive');
  const rss0 = process.memoryUsage().rss;
  const t0 = Date.now();
  const r = await c.command('f', 'UID FETCH 1:* (FLAGS)');
  const ms = Date.now() - t0;
  const s = r.toString('latin1');
  let n = 0;
  for (let i = s.indexOf(' FETCH ('); i >= 0; i = s.indexOf(' FETCH (', i + 1)) n++;
  assert.equal(n, 100_000);
  // EXAMINE shows the unclaimed messages as \Recent (RFC 3501 §2.3.2).
  assert.match(s, /^\* 100000 FETCH \(UID \d+ FLAGS \((\\Recent )?\\Seen\)\)\r$/m);
  assert.match(s, /^\* 99999 FETCH \(UID \d+ FLAGS \((\\Recent)?\)\)\r$/m);
  assert.ok(ms < 30_000, `took ${ms} ms`);
  console.log(`# UID FETCH 1:* (FLAGS) on 100,000 messages: ${ms} ms`);
  // The server pages; the growth here is mostly the test client's own buffer (~4 MB).
  assert.ok(process.memoryUsage().rss - rss0 < 300 * 1024 * 1024);
  c.close();
});
