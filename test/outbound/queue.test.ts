import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { isMailError } from '../../src/core/errors.js';
import { createSqliteDkimKeyStore, createSqliteQueueStore } from '../../src/store-sqlite/queue.js';
import { type FakeMx, startFakeMx } from '../support-smtp/fake-mx.js';
import { body, harness, openDb, queued } from '../support-smtp/queue-harness.js';

const mxs: FakeMx[] = [];
after(async () => {
  await Promise.all(mxs.map((m) => m.close()));
});

test('4xx then 250: local recipients go through the core at once, the remote one retries after backoff', async () => {
  const mx = await startFakeMx({ onRcpt: (_r, n) => (n === 1 ? '451 4.7.1 greylisted' : null) });
  mxs.push(mx);
  const h = harness(mx.port);
  const m = await h.queue.enqueue(queued(h.now, { recipients: ['x@remote.test', 'y@local.test'] }));
  assert.equal(await h.runner.runOnce(), 1);
  assert.deepEqual(
    h.local.map((l) => l.rcpts),
    [['y@local.test']],
  );
  const afterFirst = (await h.queue.get(m.id))!;
  const x = afterFirst.recipients.find((r) => r.address === 'x@remote.test')!;
  assert.equal(x.state, 'pending');
  assert.equal(x.attempts, 1);
  assert.equal(x.lastCode, 451);
  assert.equal(x.nextAttemptAt.getTime() - h.now.getTime(), 300_000);
  assert.equal(afterFirst.recipients.find((r) => r.address === 'y@local.test')?.state, 'delivered');
  assert.equal(await h.runner.runOnce(), 0, 'nothing due before the backoff');
  assert.deepEqual(await h.queue.nextDue(), x.nextAttemptAt);
  h.advance(300_000);
  assert.equal(await h.runner.runOnce(), 1);
  assert.equal(mx.received.length, 1);
  assert.ok(mx.received[0]!.body.equals(body), 'body byte-exact from the blob');
  assert.equal(await h.queue.get(m.id), null, 'done messages leave the queue');
  assert.equal(h.dsns.length, 0);
});

test('5xx bounces: a DSN goes to the sender and the message leaves the queue', async () => {
  const mx = await startFakeMx({ onRcpt: () => '550 5.1.1 no such user' });
  mxs.push(mx);
  const h = harness(mx.port);
  const m = await h.queue.enqueue(queued(h.now, { recipients: ['x@remote.test'] }));
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 1);
  assert.equal(h.dsns[0]!.to, 'a@local.test');
  const text = h.dsns[0]!.raw.toString();
  assert.match(text, /Final-Recipient: rfc822; x@remote\.test\r\n/);
  assert.match(text, /Status: 5\.1\.1\r\n/);
  assert.match(text, /Diagnostic-Code: smtp; 550 5\.1\.1 no such user/);
  assert.match(text, /Message-ID: <q1@local\.test>/);
  assert.equal(await h.queue.get(m.id), null);
});

test('expiry: after maxAge a temporary failure becomes a 4.4.7 bounce; DSNs never bounce', async () => {
  const mx = await startFakeMx({ onRcpt: () => '451 4.3.0 always busy' });
  mxs.push(mx);
  const h = harness(mx.port, { firstDelay: 60, factor: 1, maxDelay: 60, maxAge: 100 });
  await h.queue.enqueue(queued(h.now, { recipients: ['x@remote.test'] }));
  await h.queue.enqueue({
    blobId: 'b1',
    mailFrom: '',
    size: body.length,
    eightBit: false,
    userId: null,
    recipients: ['x@remote.test'],
    now: h.now,
  });
  await h.runner.runOnce();
  h.advance(60_000);
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 0);
  h.advance(40_000);
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 1, 'one DSN, for the message with a sender');
  assert.match(h.dsns[0]!.raw.toString(), /Status: 4\.4\.7\r\n/);
  assert.match(h.dsns[0]!.raw.toString(), /Action: failed\r\n/);
  assert.deepEqual(await h.queue.list(0, 10), []);
});

test('queue store: list pages, retryNow, remove, blob references, DKIM keys', async () => {
  const db = openDb();
  const q = createSqliteQueueStore(db);
  const t = new Date('2026-01-01T00:00:00Z');
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push(
      (
        await q.enqueue({
          blobId: `blob${i}`,
          mailFrom: 's@x.test',
          size: 10,
          eightBit: i % 2 === 0,
          userId: null,
          recipients: [`r${i}@Y.test`],
          now: t,
        })
      ).id,
    );
  }
  const page1 = await q.list(0, 2);
  assert.deepEqual(
    page1.map((m) => m.id),
    ids.slice(0, 2),
  );
  assert.equal(page1[0]?.recipients[0]?.domain, 'y.test');
  assert.equal(page1[0]?.eightBit, true);
  assert.deepEqual(
    (await q.list(page1[1]!.id, 10)).map((m) => m.id),
    ids.slice(2),
  );
  const later = new Date(t.getTime() + 3600_000);
  await q.update(ids[0]!, [
    {
      address: 'r0@Y.test',
      state: 'pending',
      nextAttemptAt: later,
      code: 421,
      enhanced: '4.4.2',
      diagnostic: 'x',
      remoteMta: 'm',
      at: t,
    },
  ]);
  assert.equal((await q.due(t, 10)).length, 4);
  assert.equal(await q.retryNow(ids[0]!, t), 1);
  assert.equal((await q.due(t, 10)).length, 5);
  await q.remove(ids[1]!);
  await assert.rejects(q.remove(ids[1]!), (e: unknown) => isMailError(e, 'NotFound'));
  assert.deepEqual([...(await q.referencedBlobs(['blob0', 'blob1', 'nope']))], ['blob0']);
  await assert.rejects(
    q.enqueue({ blobId: 'b', mailFrom: '', size: 1, eightBit: false, userId: null, recipients: [], now: t }),
  );

  const keys = createSqliteDkimKeyStore(db);
  assert.equal(await keys.get('x.test'), null);
  await keys.put({ domain: 'X.test', selector: 's1', privateKeyPem: 'k1', publicKey: 'p1', createdAt: t });
  await keys.put({
    domain: 'x.test',
    selector: 's2',
    privateKeyPem: 'k2',
    publicKey: 'p2',
    createdAt: later,
  });
  assert.equal((await keys.get('x.test'))?.selector, 's2', 'newest key signs');
  await assert.rejects(
    keys.put({ domain: 'x.test', selector: 's2', privateKeyPem: 'k', publicKey: 'p', createdAt: t }),
    (e: unknown) => isMailError(e, 'AlreadyExists'),
  );
});
