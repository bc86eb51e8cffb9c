// Port 25 through real clients (nodemailer, Python smtplib, swaks).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import { headerLength } from '../../src/protocols/smtp/headers.js';
import { type Instance, mailboxBodies, startInstance } from '../support-smtp/instance.js';
import { haveProgram, run } from '../support-smtp/run.js';

const hasSwaks = haveProgram('swaks');

let inst: Instance;
before(async () => {
  inst = await startInstance();
  await inst.addUser('alice@example.test', 'alice-password-1');
  await inst.addUser('bob@example.test', 'bob-password-12');
  await inst.core.accounts.addAlias('team@example.test', 'bob@example.test');
  await inst.core.accounts.setQuota('bob@example.test', 2000, null);
});
after(async () => {
  await inst.close();
});

const transport = () =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: inst.ports.smtp,
    secure: false,
    tls: { rejectUnauthorized: false },
    name: 'client.remote.test',
  });

/** The stored message minus the trace fields we prepended. */
function stripTrace(stored: Buffer, original: Buffer): Buffer {
  const at = stored.indexOf(original.subarray(0, 40));
  assert.ok(at > 0, 'original bytes follow our trace fields');
  const trace = stored.subarray(0, at).toString();
  assert.match(trace, /^Authentication-Results: mx\.example\.test;/m);
  assert.match(
    trace,
    /^Received: from client\.remote\.test \(.*\[127\.0\.0\.1\]\)\r\n\tby mx\.example\.test with ESMTPS/m,
  );
  return stored.subarray(at);
}

test('nodemailer delivers to INBOX over STARTTLS, body byte-exact after our trace fields', async () => {
  const raw = Buffer.from(
    'From: Remote <r@remote.test>\r\nTo: alice@example.test\r\nSubject: byte exact\r\nMessage-ID: <be1@remote.test>\r\n\r\n' +
      'line one\r\n.leading dot\r\n\r\ntrailing spaces   \r\nutf-8: h\u00e9llo\r\n',
  );
  const info = await transport().sendMail({
    envelope: { from: 'r@remote.test', to: ['alice@example.test'] },
    raw,
  });
  assert.match(info.response, /^250 2\.6\.0 /);
  const bodies = await mailboxBodies(inst, 'alice@example.test');
  assert.equal(bodies.length, 1);
  assert.ok(stripTrace(bodies[0]!, raw).equals(raw));
});

test('aliases and plus-addressing deliver; one copy per user', async () => {
  const raw = Buffer.from('From: r@remote.test\r\nSubject: alias\r\n\r\nhi team\r\n');
  await transport().sendMail({
    envelope: { from: 'r@remote.test', to: ['team@example.test', 'bob+lists@example.test'] },
    raw,
  });
  const bodies = await mailboxBodies(inst, 'bob@example.test');
  assert.equal(bodies.length, 1);
  assert.match(bodies[0]!.toString(), /hi team/);
});

test('relay refusal, unknown user 550 5.1.1, over quota 452 4.2.2', async () => {
  const t = transport();
  await assert.rejects(
    t.sendMail({
      envelope: { from: 'r@remote.test', to: ['x@elsewhere.test'] },
      raw: 'Subject: x\r\n\r\nx\r\n',
    }),
    (e: { responseCode?: number; response?: string }) => {
      assert.equal(e.responseCode, 554);
      assert.match(e.response ?? '', /^554 5\.7\.1 Relay access denied/);
      return true;
    },
  );
  await assert.rejects(
    t.sendMail({
      envelope: { from: 'r@remote.test', to: ['nobody@example.test'] },
      raw: 'Subject: x\r\n\r\nx\r\n',
    }),
    (e: { response?: string }) => /^550 5\.1\.1 /.test(e.response ?? ''),
  );
  const big = `Subject: big\r\n\r\n${'x'.repeat(3000)}\r\n`;
  await assert.rejects(
    t.sendMail({ envelope: { from: 'r@remote.test', to: ['bob@example.test'], size: big.length }, raw: big }),
    (e: { response?: string }) => /^452 4\.2\.2 /.test(e.response ?? ''),
  );
});

test('Python smtplib: EHLO features, bare LF normalised, SIZE refusal', async () => {
  const script = `
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', ${inst.ports.smtp}, local_hostname='py.remote.test')
code, msg = s.ehlo()
feats = s.esmtp_features
for f in ['pipelining', '8bitmime', 'smtputf8', 'enhancedstatuscodes', 'starttls', 'size']:
    assert f in feats, f
assert 'auth' not in feats
s.starttls()
s.ehlo()
s.sendmail('p@remote.test', ['alice@example.test'], b'Subject: bare lf\\nX-Test: py\\n\\nline1\\nline2\\n')
code, resp = s.mail('p@remote.test', ['SIZE=999999999999'])
print('refused', code, resp.decode())
s.rset()
s.quit()
`;
  const r = await run('python3', ['-c', script]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /refused 552 5\.3\.4 /);
  const bodies = await mailboxBodies(inst, 'alice@example.test');
  const m = bodies.find((b) => b.includes('X-Test: py'))!;
  assert.ok(m, 'stored');
  const msg = m.subarray(m.indexOf('Subject: bare lf'));
  // smtplib sends the bytes as given plus a final CRLF: every bare LF became CRLF.
  assert.equal(msg.toString(), 'Subject: bare lf\r\nX-Test: py\r\n\r\nline1\r\nline2\r\n\r\n');
  assert.ok(headerLength(m) > 0);
});

test('swaks: delivery and relay refusal', { skip: !hasSwaks && 'swaks not installed' }, async () => {
  const ok = await run('swaks', [
    '--server',
    '127.0.0.1',
    '--port',
    String(inst.ports.smtp),
    '--from',
    's@remote.test',
    '--to',
    'alice@example.test',
    '--header',
    'Subject: via swaks',
    '--body',
    'swaks body',
    '--tls',
  ]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /<~\s+250 2\.6\.0/);
  const relay = await run('swaks', [
    '--server',
    '127.0.0.1',
    '--port',
    String(inst.ports.smtp),
    '--from',
    's@remote.test',
    '--to',
    'x@elsewhere.test',
    '--quit-after',
    'RCPT',
  ]);
  assert.notEqual(relay.status, 0);
  assert.match(relay.stdout, /<\*\*\s+554 5\.7\.1 Relay access denied/);
  const bodies = await mailboxBodies(inst, 'alice@example.test');
  assert.ok(bodies.some((b) => b.includes('Subject: via swaks') && b.includes('swaks body')));
});
