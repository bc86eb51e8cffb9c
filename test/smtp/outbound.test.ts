// The queue end to end: a submission to a remote domain whose MX (a scripted smtp-server)
// first answers 4xx then 250, and one that answers 5xx: the sender gets a DSN in INBOX.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import { type FakeMx, startFakeMx } from '../support-smtp/fake-mx.js';
import { type Instance, mailboxBodies, startInstance, waitFor } from '../support-smtp/instance.js';

let inst: Instance;
let greylist: FakeMx;
let reject: FakeMx;

before(async () => {
  greylist = await startFakeMx({
    onRcpt: (_r, n) => (n === 1 ? '451 4.7.1 greylisted, come back later' : null),
  });
  reject = await startFakeMx({ onRcpt: () => '550 5.1.1 no such mailbox here' });
  inst = await startInstance({
    transports: new Map([
      ['grey.test', { host: '127.0.0.1', port: greylist.port }],
      ['reject.test', { host: '127.0.0.1', port: reject.port }],
    ]),
    retry: { firstDelay: 1, factor: 1, maxDelay: 1, maxAge: 3600 },
  });
  await inst.addUser('alice@example.test', 'alice-password-1');
});
after(async () => {
  await inst.close();
  await greylist.close();
  await reject.close();
});

const send = (to: string, subject: string) =>
  nodemailer
    .createTransport({
      host: '127.0.0.1',
      port: inst.ports.submission,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'alice@example.test', pass: 'alice-password-1' },
    })
    .sendMail({
      envelope: { from: 'alice@example.test', to: [to] },
      raw: `From: alice@example.test\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.test>\r\n\r\nhello\r\n`,
    });

test('retry after the remote first answers 4xx: delivered on the second attempt', async () => {
  const info = await send('gina@grey.test', 'greylisted');
  assert.match(info.response, /queued as \d+/);
  await waitFor(async () => greylist.received.length === 1);
  assert.equal(greylist.rcptAttempts.get('gina@grey.test'), 2);
  assert.match(greylist.received[0]!.body.toString(), /Subject: greylisted/);
  await waitFor(async () => (await inst.store.queue!.list(0, 10)).length === 0);
  const inbox = await mailboxBodies(inst, 'alice@example.test');
  assert.ok(!inbox.some((b) => b.includes('Undelivered Mail')), 'no bounce for a delivered message');
});

test('a 5xx bounces: the sender finds an RFC 3464 report in INBOX', async () => {
  await send('nobody@reject.test', 'bounced');
  await waitFor(async () =>
    (await mailboxBodies(inst, 'alice@example.test')).some((b) => b.includes('Undelivered Mail')),
  );
  const dsn = (await mailboxBodies(inst, 'alice@example.test'))
    .find((b) => b.includes('Undelivered Mail'))!
    .toString();
  assert.match(dsn, /Content-Type: multipart\/report; report-type=delivery-status/);
  assert.match(dsn, /Final-Recipient: rfc822; nobody@reject\.test\r\n/);
  assert.match(dsn, /Action: failed\r\nStatus: 5\.1\.1\r\n/);
  assert.match(dsn, /Diagnostic-Code: smtp; 550 5\.1\.1 no such mailbox here/);
  assert.match(dsn, /Message-ID: <bounced@example\.test>/, 'original headers returned');
  assert.equal(reject.received.length, 0);
  await waitFor(async () => (await inst.store.queue!.list(0, 10)).length === 0);
});
