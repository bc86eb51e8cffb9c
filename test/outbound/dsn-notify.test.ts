// The queue runner honours the DSN parameters (RFC 3461) stored with a message: NOTIFY
// decides which reports go out, RET what they return, ENVID and ORCPT are echoed, delay
// warnings go out once, and a DSN-capable next hop gets the parameters instead.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type FakeMx, startFakeMx } from '../support-smtp/fake-mx.js';
import { harness, queued } from '../support-smtp/queue-harness.js';

const mxs: FakeMx[] = [];
after(async () => {
  await Promise.all(mxs.map((m) => m.close()));
});

async function mx(opts: Parameters<typeof startFakeMx>[0]): Promise<FakeMx> {
  const m = await startFakeMx(opts);
  mxs.push(m);
  return m;
}

const HOUR = 3600_000;

test('NOTIFY=NEVER: a 5xx bounces silently; NOTIFY=FAILURE with RET=FULL, ENVID, ORCPT: the whole message returns', async () => {
  const m = await mx({ onRcpt: () => '550 5.1.1 no such user' });
  const h = harness(m.port);
  await h.queue.enqueue(
    queued(h.now, { recipientDsn: { 'x@remote.test': { notify: ['NEVER'], orcpt: null } } }),
  );
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 0, 'NEVER means no report');
  assert.deepEqual(await h.queue.list(0, 10), [], 'and the message is gone');

  await h.queue.enqueue(
    queued(h.now, {
      dsn: { ret: 'FULL', envid: 'env-42' },
      recipientDsn: { 'x@remote.test': { notify: ['FAILURE'], orcpt: 'rfc822;orig@remote.test' } },
    }),
  );
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 1);
  const text = h.dsns[0]!.raw.toString();
  assert.match(text, /Original-Envelope-Id: env-42\r\n/);
  assert.match(
    text,
    /Original-Recipient: rfc822; orig@remote\.test\r\nFinal-Recipient: rfc822; x@remote\.test\r\n/,
  );
  assert.match(text, /Content-Type: message\/rfc822\r\n\r\nFrom: a@local\.test/);
  assert.match(text, /queued body/, 'RET=FULL returns the body');
});

test('RET=HDRS (and no RET): headers only, no body', async () => {
  const m = await mx({ onRcpt: () => '550 5.1.1 no such user' });
  const h = harness(m.port);
  await h.queue.enqueue(queued(h.now, { dsn: { ret: 'HDRS', envid: null } }));
  await h.queue.enqueue(queued(h.now));
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 2);
  for (const d of h.dsns) {
    const text = d.raw.toString();
    assert.match(text, /Content-Type: text\/rfc822-headers\r\n\r\nFrom: a@local\.test/);
    assert.doesNotMatch(text, /queued body/);
    assert.doesNotMatch(text, /Original-Envelope-Id/);
  }
});

test('delay warning: one "delayed" DSN after delayWarning, none with NOTIFY=FAILURE', async () => {
  const m = await mx({ onRcpt: () => '451 4.3.0 busy' });
  const h = harness(m.port, {
    firstDelay: 3600,
    factor: 1,
    maxDelay: 3600,
    maxAge: 5 * 24 * 3600,
    delayWarning: 4 * 3600,
  });
  const plain = await h.queue.enqueue(queued(h.now));
  await h.queue.enqueue(
    queued(h.now, { recipientDsn: { 'x@remote.test': { notify: ['FAILURE'], orcpt: null } } }),
  );
  const hours = async (n: number) => {
    for (let i = 0; i < n; i++) {
      h.advance(HOUR);
      await h.runner.runOnce();
    }
  };
  await h.runner.runOnce();
  await hours(3);
  assert.equal(h.dsns.length, 0, 'nothing before 4 h');
  await hours(1);
  assert.equal(h.dsns.length, 1, 'one warning at 4 h, for the message without NOTIFY');
  const text = h.dsns[0]!.raw.toString();
  assert.match(text, /Subject: Delayed Mail/);
  assert.match(text, /Action: delayed\r\nStatus: 4\.3\.0\r\n/);
  assert.match(text, /Will-Retry-Until: /);
  assert.equal((await h.queue.get(plain.id))?.recipients[0]?.delayNotified, true);
  await hours(3);
  assert.equal(h.dsns.length, 1, 'only once');
});

test('NOTIFY=SUCCESS: "relayed" from a host without DSN, "delivered" locally; a DSN host gets the parameters', async () => {
  const plainMx = await mx({});
  const h = harness(plainMx.port);
  await h.queue.enqueue(
    queued(h.now, {
      recipients: ['x@remote.test', 'y@local.test'],
      recipientDsn: {
        'x@remote.test': { notify: ['SUCCESS', 'FAILURE'], orcpt: null },
        'y@local.test': { notify: ['SUCCESS'], orcpt: 'rfc822;yy@local.test' },
      },
    }),
  );
  await h.runner.runOnce();
  assert.equal(h.dsns.length, 1);
  const text = h.dsns[0]!.raw.toString();
  assert.match(text, /Subject: Successful Mail Delivery Report/);
  assert.match(text, /Final-Recipient: rfc822; x@remote\.test\r\nAction: relayed\r\nStatus: 2\.\d\.\d\r\n/);
  assert.match(
    text,
    /Original-Recipient: rfc822; yy@local\.test\r\nFinal-Recipient: rfc822; y@local\.test\r\nAction: delivered\r\n/,
  );

  const dsnMx = await mx({ dsn: true });
  const h2 = harness(dsnMx.port);
  await h2.queue.enqueue(
    queued(h2.now, {
      dsn: { ret: 'HDRS', envid: 'id+with=specials' },
      recipients: ['x@remote.test', 'z@remote.test'],
      recipientDsn: {
        'x@remote.test': { notify: ['SUCCESS', 'DELAY'], orcpt: 'rfc822;x+tag@remote.test' },
        'z@remote.test': { notify: ['NEVER'], orcpt: null },
      },
    }),
  );
  await h2.runner.runOnce();
  assert.equal(h2.dsns.length, 0, 'the DSN-capable host reports, not us');
  assert.deepEqual(dsnMx.received[0]?.dsn, {
    ret: 'HDRS',
    envid: 'id+with=specials',
    rcpt: {
      'x@remote.test': { notify: ['SUCCESS', 'DELAY'], orcpt: 'rfc822;x+tag@remote.test' },
      'z@remote.test': { notify: ['NEVER'] },
    },
  });
});
