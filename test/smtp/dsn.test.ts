// The DSN extension (RFC 3461) end to end with Python's smtplib (mail_options and
// rcpt_options): EHLO offers DSN, the parameters travel with the message to a remote that
// offers DSN too, NOTIFY=SUCCESS for a local delivery brings a "delivered" report, and a
// bad parameter gets a 501.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakeMx, startFakeMx } from '../support-smtp/fake-mx.js';
import { type Instance, mailboxBodies, startInstance, waitFor } from '../support-smtp/instance.js';
import { run } from '../support-smtp/run.js';

let inst: Instance;
let remote: FakeMx;
let reject: FakeMx;
const PW = 'alice-password-1';

before(async () => {
  remote = await startFakeMx({ dsn: true });
  reject = await startFakeMx({ onRcpt: () => '550 5.1.1 no such mailbox here' });
  inst = await startInstance({
    transports: new Map([
      ['remote.test', { host: '127.0.0.1', port: remote.port }],
      ['reject.test', { host: '127.0.0.1', port: reject.port }],
    ]),
  });
  await inst.addUser('alice@example.test', PW);
  await inst.addUser('bob@example.test', 'bob-password-12');
});
after(async () => {
  await inst.close();
  await remote.close();
  await reject.close();
});

/** Sends one message with smtplib; prints the EHLO DSN flag and each reply. */
async function smtplib(opts: {
  port: number;
  login?: boolean;
  from: string;
  to: string[];
  mailOptions: string[];
  rcptOptions: string[];
  subject: string;
}): Promise<string> {
  const py = `
import smtplib, json
s = smtplib.SMTP('127.0.0.1', ${opts.port})
s.ehlo()
print('dsn-offered', s.has_extn('dsn'))
${opts.login ? `s.starttls()\ns.ehlo()\ns.login('alice@example.test', '${PW}')` : ''}
msg = 'From: ${opts.from}\\r\\nTo: ${opts.to.join(', ')}\\r\\nSubject: ${opts.subject}\\r\\n\\r\\nbody\\r\\n'
try:
    refused = s.sendmail('${opts.from}', ${JSON.stringify(opts.to)}, msg, ${JSON.stringify(opts.mailOptions)}, ${JSON.stringify(opts.rcptOptions)})
    print('sent', json.dumps({k: v[0] for k, v in refused.items()}))
except smtplib.SMTPRecipientsRefused as e:
    print('refused', json.dumps({k: [v[0], v[1].decode()] for k, v in e.recipients.items()}))
s.quit()
`;
  const r = await run('python3', ['-c', py]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('submission: RET/ENVID/NOTIFY/ORCPT go on to a DSN-capable remote; NOTIFY=SUCCESS locally brings a "delivered" report', async () => {
  const out = await smtplib({
    port: inst.ports.submission,
    login: true,
    from: 'alice@example.test',
    to: ['rita@remote.test', 'bob@example.test'],
    mailOptions: ['RET=HDRS', 'ENVID=track+2B42'],
    rcptOptions: ['NOTIFY=SUCCESS,FAILURE', 'ORCPT=rfc822;rita+2Btag@remote.test'],
    subject: 'dsn-sub',
  });
  assert.match(out, /dsn-offered True/);
  assert.match(out, /sent \{\}/);
  await waitFor(async () => remote.received.length === 1);
  assert.deepEqual(remote.received[0]!.dsn, {
    ret: 'HDRS',
    envid: 'track+42',
    rcpt: { 'rita@remote.test': { notify: ['SUCCESS', 'FAILURE'], orcpt: 'rfc822;rita+tag@remote.test' } },
  });
  const report = async () =>
    (await mailboxBodies(inst, 'alice@example.test')).find((b) => b.includes('Successful Mail Delivery'));
  await waitFor(async () => (await report()) !== undefined);
  const text = (await report())!.toString();
  assert.match(text, /Original-Envelope-Id: track\+42\r\n/);
  assert.match(
    text,
    /Final-Recipient: rfc822; bob@example\.test\r\nAction: delivered\r\nStatus: 2\.0\.0\r\n/,
  );
  assert.doesNotMatch(text, /rita@remote\.test\r\nAction/, 'the DSN-capable remote reports for rita itself');
  assert.match(text, /Subject: dsn-sub/, 'the headers of the message come back');
  assert.ok((await mailboxBodies(inst, 'bob@example.test')).some((b) => b.includes('Subject: dsn-sub')));
});

test('submission: NOTIFY=NEVER means no bounce for a 5xx; without NOTIFY the bounce comes', async () => {
  await smtplib({
    port: inst.ports.submission,
    login: true,
    from: 'alice@example.test',
    to: ['nobody@reject.test'],
    mailOptions: [],
    rcptOptions: ['NOTIFY=NEVER'],
    subject: 'dsn-never',
  });
  await smtplib({
    port: inst.ports.submission,
    login: true,
    from: 'alice@example.test',
    to: ['nobody@reject.test'],
    mailOptions: ['RET=FULL'],
    rcptOptions: [],
    subject: 'dsn-default',
  });
  const bounces = async () =>
    (await mailboxBodies(inst, 'alice@example.test')).filter((b) => b.includes('Undelivered Mail'));
  await waitFor(async () => (await bounces()).length >= 1);
  await waitFor(async () => (await inst.store.queue!.list(0, 10)).length === 0);
  const all = (await bounces()).map((b) => b.toString());
  assert.equal(all.length, 1, 'one bounce: the NEVER message got none');
  assert.match(all[0]!, /Subject: dsn-default/);
  assert.match(all[0]!, /Content-Type: message\/rfc822/, 'RET=FULL returns the message');
});

test('port 25: NOTIFY=SUCCESS on a local delivery sends a "delivered" DSN to the remote sender; bad NOTIFY is 501', async () => {
  const before = remote.received.length;
  const out = await smtplib({
    port: inst.ports.smtp,
    from: 'far@remote.test',
    to: ['alice@example.test'],
    mailOptions: ['ENVID=abc'],
    rcptOptions: ['NOTIFY=SUCCESS'],
    subject: 'dsn-in',
  });
  assert.match(out, /dsn-offered True/);
  await waitFor(async () => remote.received.length === before + 1);
  const dsn = remote.received.at(-1)!;
  assert.equal(dsn.from, '', 'from the null sender');
  assert.deepEqual(dsn.to, ['far@remote.test']);
  assert.match(dsn.body.toString(), /Action: delivered/);
  assert.match(dsn.body.toString(), /Original-Envelope-Id: abc\r\n/);

  const bad = await smtplib({
    port: inst.ports.smtp,
    from: 'far@remote.test',
    to: ['alice@example.test'],
    mailOptions: [],
    rcptOptions: ['NOTIFY=NEVER,SUCCESS'],
    subject: 'dsn-bad',
  });
  assert.match(bad, /refused \{"alice@example.test": \[501, /);
});
