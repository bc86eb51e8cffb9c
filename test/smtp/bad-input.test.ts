// Bad input on port 25: a proper reply, nothing half-stored, no crash, others still served.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Instance, mailboxBodies, startInstance, waitFor } from '../support-smtp/instance.js';
import { RawSmtp } from '../support-smtp/raw-client.js';

let inst: Instance;
before(async () => {
  inst = await startInstance({
    limits: { maxMessageBytes: 64 * 1024, maxUnknownRecipients: 5, socketTimeoutMs: 1500 },
  });
  await inst.addUser('alice@example.test', 'alice-password-1');
});
after(async () => {
  await inst.close();
});

async function session(): Promise<RawSmtp> {
  const c = await RawSmtp.open(inst.ports.smtp);
  assert.match(await c.reply(), /^220 mx\.example\.test ESMTP/);
  assert.match(await c.cmd('EHLO bad.remote.test'), /^250-mx\.example\.test/);
  return c;
}

async function inboxCount(): Promise<number> {
  return (await mailboxBodies(inst, 'alice@example.test')).length;
}

async function stillServing(): Promise<void> {
  const c = await session();
  assert.match(await c.cmd('MAIL FROM:<ok@remote.test>'), /^250 /);
  assert.match(await c.cmd('RCPT TO:<alice@example.test>'), /^250 /);
  assert.match(await c.cmd('DATA'), /^354 /);
  const before = await inboxCount();
  assert.match(await c.cmd('Subject: still ok\r\n\r\nfine\r\n.'), /^250 2\.6\.0 /);
  assert.equal(await inboxCount(), before + 1);
  c.close();
}

test('malformed and unknown commands get 5xx replies, the session goes on', async () => {
  const c = await session();
  assert.match(await c.cmd('FOO bar'), /^5\d\d /);
  assert.match(await c.cmd('MAIL FROM:bad address'), /^5\d\d /);
  // Port 25 stays strict about the brackets (only submission accepts them missing).
  assert.match(await c.cmd('MAIL FROM:ok@remote.test'), /^501 /);
  assert.match(await c.cmd('RCPT TO:<alice@example.test>'), /^503 /);
  assert.match(await c.cmd('DATA'), /^503 /);
  assert.match(await c.cmd('NOOP'), /^250 /);
  c.close();
  await stillServing();
});

test('an overlong command line is refused without a crash', async () => {
  const c = await session();
  const r = await c.cmd(`MAIL FROM:<${'a'.repeat(100_000)}@remote.test>`);
  assert.ok(r === '' || /^[45]\d\d /.test(r), r);
  c.close();
  await stillServing();
});

test('a message over the size limit: 552 5.3.4 and nothing stored', async () => {
  const before = await inboxCount();
  const c = await session();
  assert.match(await c.cmd('MAIL FROM:<big@remote.test>'), /^250 /);
  assert.match(await c.cmd('RCPT TO:<alice@example.test>'), /^250 /);
  assert.match(await c.cmd('DATA'), /^354 /);
  c.write(`Subject: big\r\n\r\n${'x'.repeat(1000)}\r\n`.repeat(100));
  assert.match(await c.cmd('.'), /^552 5\.3\.4 /);
  assert.match(await c.cmd('NOOP'), /^250 /, 'session continues');
  c.close();
  assert.equal(await inboxCount(), before);
});

test('disconnect in the middle of DATA stores nothing; a DATA that never ends times out', async () => {
  const before = await inboxCount();
  const c = await session();
  await c.cmd('MAIL FROM:<cut@remote.test>');
  await c.cmd('RCPT TO:<alice@example.test>');
  assert.match(await c.cmd('DATA'), /^354 /);
  c.write('Subject: cut\r\n\r\nhalf a message');
  c.close();
  const slow = await session();
  await slow.cmd('MAIL FROM:<slow@remote.test>');
  await slow.cmd('RCPT TO:<alice@example.test>');
  assert.match(await slow.cmd('DATA'), /^354 /);
  slow.write('Subject: slow\r\n\r\nnever ends');
  await waitFor(async () => slow.closed, 10_000);
  assert.equal(await inboxCount(), before);
  await stillServing();
});

test('unknown recipients in bulk: 550 5.1.1 each, then 421 and the connection closes', async () => {
  const c = await session();
  await c.cmd('MAIL FROM:<harvest@remote.test>');
  for (let i = 0; i < 5; i++) assert.match(await c.cmd(`RCPT TO:<u${i}@example.test>`), /^550 5\.1\.1 /);
  assert.match(await c.cmd('RCPT TO:<u99@example.test>'), /^421 /);
  await waitFor(async () => c.closed, 5000);
  await stillServing();
});

test('8-bit body without BODY=8BITMIME is accepted and stored byte-exact; broken MIME too', async () => {
  const c = await session();
  await c.cmd('MAIL FROM:<eight@remote.test>');
  await c.cmd('RCPT TO:<alice@example.test>');
  await c.cmd('DATA');
  const body = Buffer.from(
    'Subject: 8bit\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\nGr\u00fc\u00dfe \u00e9t\u00e9\r\n--nope\r\nbroken\r\n',
    'utf8',
  );
  c.write(body);
  assert.match(await c.cmd('.'), /^250 /);
  c.close();
  const stored = (await mailboxBodies(inst, 'alice@example.test')).find((b) => b.includes('Subject: 8bit'))!;
  assert.ok(stored.subarray(stored.length - body.length).equals(body));
});

test('SMTP smuggling: <LF>.<LF> does not end DATA', async () => {
  const c = await session();
  await c.cmd('MAIL FROM:<smuggle@remote.test>');
  await c.cmd('RCPT TO:<alice@example.test>');
  await c.cmd('DATA');
  c.write('Subject: smuggle\r\n\r\nbefore\n.\nMAIL FROM:<evil@remote.test>\r\n');
  assert.match(await c.cmd('.'), /^250 /);
  c.close();
  const stored = (await mailboxBodies(inst, 'alice@example.test')).find((b) =>
    b.includes('Subject: smuggle'),
  )!;
  assert.match(stored.toString(), /before\r\n\.\r\nMAIL FROM:<evil@remote\.test>\r\n$/, 'kept as body text');
});
