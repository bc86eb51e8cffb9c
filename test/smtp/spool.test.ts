// Large DATA goes to a temporary spool file (limits.spoolAboveBytes, 64 KB here so the
// tests stay small): delivered byte-exact, DKIM-signed correctly on submission, and no
// spool file outlives its transaction (250, 552, disconnect).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import { generateDkimKey } from '../../src/core/dkim.js';
import { MessageSource } from '../../src/protocols/smtp/message-source.js';
import {
  type Instance,
  mailboxBodies,
  startInstance,
  verifyDkim,
  waitFor,
} from '../support-smtp/instance.js';
import { RawSmtp } from '../support-smtp/raw-client.js';
import { run } from '../support-smtp/run.js';

let inst: Instance;
const PW = 'alice-password-1';
before(async () => {
  inst = await startInstance({
    limits: { spoolAboveBytes: 64 * 1024, maxHeaderBytes: 32 * 1024, socketTimeoutMs: 5000 },
  });
  await inst.addUser('alice@example.test', PW);
  await inst.addUser('bob@example.test', 'bob-password-12');
  await inst.store.dkimKeys!.put(await generateDkimKey('example.test'));
});
after(async () => {
  await inst.close();
});

/** Spool files of this process (the server runs in it). */
async function spoolFiles(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((f) => f.startsWith(`postroom-smtp-${process.pid}-`));
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

test('MessageSource: prepend and skip across buffers and file ranges', async () => {
  const src = new MessageSource([Buffer.from('abc'), Buffer.from('defg')]);
  assert.equal((await src.skip(0).buffer()).toString(), 'abcdefg');
  assert.equal((await src.skip(3).buffer()).toString(), 'defg');
  assert.equal((await src.skip(5).prepend('XY').buffer()).toString(), 'XYfg');
  assert.equal((await src.skip(7).buffer()).toString(), '');
  assert.equal(src.prepend('').parts.length, 2);
  assert.equal(src.skip(2).prepend('12').size, 7);
  // The stream can be read twice.
  assert.equal((await src.buffer()).toString(), (await src.buffer()).toString());
});

test('a 3 MB message with bare LF through Python smtplib: spooled, stored byte-exact with CRLF, no file left', async () => {
  const body = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${'z'.repeat(60)}`).join('\n');
  const py = `
import smtplib, sys
msg = sys.stdin.read()
s = smtplib.SMTP('127.0.0.1', ${inst.ports.smtp})
s.sendmail('far@remote.test', ['alice@example.test'], msg.encode())
s.quit()
print('sent')
`;
  // smtplib ends the data with CRLF itself when it does not end with one.
  const input = `From: far@remote.test\nTo: alice@example.test\nSubject: big spooled\n\n${body}`;
  const r = await run('python3', ['-c', py], 60_000, input);
  assert.equal(r.status, 0, r.stderr);
  const stored = (await mailboxBodies(inst, 'alice@example.test')).find((b) =>
    b.includes('Subject: big spooled'),
  );
  assert.ok(stored, 'stored');
  const expected = `${input.replace(/\n/g, '\r\n')}\r\n`;
  const start = stored.indexOf('From: far@remote.test');
  assert.ok(start > 0, 'trace fields first');
  assert.match(
    stored.subarray(0, start).toString(),
    /Authentication-Results: mx\.example\.test;[\s\S]*\r\nReceived: from /,
  );
  const got = stored.subarray(start);
  assert.equal(got.length, expected.length);
  assert.equal(sha(got), sha(expected));
  assert.deepEqual(await spoolFiles(), []);
});

test('submission of a 1 MB message: spooled, DKIM signature over the whole body verifies, Sent copy equal', async () => {
  const raw = Buffer.from(
    `From: alice@example.test\r\nTo: bob@example.test\r\nSubject: big signed\r\nMessage-ID: <bigsig@example.test>\r\n\r\n${'0123456789abcdef'.repeat(64 * 1024)}\r\n`,
  );
  const info = await nodemailer
    .createTransport({
      host: '127.0.0.1',
      port: inst.ports.submission,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'alice@example.test', pass: PW },
    })
    .sendMail({ envelope: { from: 'alice@example.test', to: ['bob@example.test'] }, raw });
  assert.match(info.response, /^250 /);
  const got = (await mailboxBodies(inst, 'bob@example.test')).find((b) => b.includes('Subject: big signed'));
  assert.ok(got);
  const v = await verifyDkim(inst, got);
  assert.equal(v?.status.result, 'pass');
  const sent = (await mailboxBodies(inst, 'alice@example.test', 'Sent')).find((b) =>
    b.includes('Subject: big signed'),
  );
  assert.ok(sent);
  // The recipient's copy is the Sent copy plus our Received field.
  assert.ok(got.subarray(got.length - sent.length).equals(sent));
  assert.match(got.subarray(0, got.length - sent.length).toString(), /^Received: from /);
  assert.deepEqual(await spoolFiles(), []);
});

test('disconnect in the middle of a spooled DATA: nothing stored, the spool file is removed', async () => {
  const before = (await mailboxBodies(inst, 'alice@example.test')).length;
  const c = await RawSmtp.open(inst.ports.smtp);
  await c.reply();
  await c.cmd('EHLO cut.remote.test');
  await c.cmd('MAIL FROM:<cut@remote.test>');
  await c.cmd('RCPT TO:<alice@example.test>');
  assert.match(await c.cmd('DATA'), /^354 /);
  c.write(`Subject: cut spooled\r\n\r\n${`${'y'.repeat(998)}\r\n`.repeat(300)}`);
  await waitFor(async () => (await spoolFiles()).length === 1);
  c.close();
  await waitFor(async () => (await spoolFiles()).length === 0);
  assert.equal((await mailboxBodies(inst, 'alice@example.test')).length, before);
});

test('a header block over maxHeaderBytes: 552 5.3.4, nothing stored, the session goes on', async () => {
  const before = (await mailboxBodies(inst, 'alice@example.test')).length;
  const c = await RawSmtp.open(inst.ports.smtp);
  await c.reply();
  await c.cmd('EHLO big.remote.test');
  await c.cmd('MAIL FROM:<hdr@remote.test>');
  await c.cmd('RCPT TO:<alice@example.test>');
  assert.match(await c.cmd('DATA'), /^354 /);
  c.write(
    `${'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(2000)}\r\nbody\r\n`,
  );
  assert.match(await c.cmd('.'), /^552 5\.3\.4 Message header block exceeds 32768 bytes/);
  assert.match(await c.cmd('NOOP'), /^250 /);
  c.close();
  assert.equal((await mailboxBodies(inst, 'alice@example.test')).length, before);
  assert.deepEqual(await spoolFiles(), []);
});
