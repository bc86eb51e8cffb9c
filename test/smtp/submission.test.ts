// Submission (587 STARTTLS, 465 implicit TLS) through real clients, seen through the core.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import { generateDkimKey } from '../../src/core/dkim.js';
import { SentCopies } from '../../src/core/sent-copy.js';
import {
  type Instance,
  mailboxBodies,
  startInstance,
  verifyDkim,
  waitFor,
} from '../support-smtp/instance.js';
import { haveProgram, run } from '../support-smtp/run.js';

const hasSwaks = haveProgram('swaks');
let inst: Instance;
let remote: Instance;
let aliceId: number;
const PW = 'alice-password-1';

before(async () => {
  // The second Postroom instance, reached through the transport override.
  remote = await startInstance({ hostname: 'mx.remote.test' });
  await remote.addUser('rita@remote.test', 'rita-password-12');
  inst = await startInstance({
    transports: new Map([['remote.test', { host: '127.0.0.1', port: remote.ports.smtp }]]),
  });
  aliceId = await inst.addUser('alice@example.test', PW);
  await inst.addUser('bob@example.test', 'bob-password-12');
  await inst.core.accounts.addAlias('sales@example.test', 'alice@example.test');
  const key = await generateDkimKey('example.test');
  await inst.store.dkimKeys!.put(key);
});
after(async () => {
  await inst.close();
  await remote.close();
});

const submit = (opts: { port?: number; secure?: boolean; user?: string; pass?: string } = {}) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: opts.port ?? inst.ports.submission,
    secure: opts.secure ?? false,
    requireTLS: !opts.secure,
    tls: { rejectUnauthorized: false },
    auth: { user: opts.user ?? 'alice@example.test', pass: opts.pass ?? PW },
  });

function message(id: string, from = 'alice@example.test', to = 'bob@example.test'): Buffer {
  return Buffer.from(
    `From: Alice <${from}>\r\nTo: ${to}\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.test>\r\n\r\nbody of ${id}\r\n`,
  );
}

test('587 with STARTTLS: local delivery, Message-ID kept, Date added, DKIM signature mailauth accepts', async () => {
  const raw = message('sub1');
  const info = await submit().sendMail({
    envelope: { from: 'alice@example.test', to: ['bob@example.test'] },
    raw,
  });
  assert.match(info.response, /^250 2\.6\.0 Ok: delivered/);
  const [got] = await mailboxBodies(inst, 'bob@example.test');
  assert.ok(got);
  const text = got.toString();
  assert.match(text, /^Received: from .*\r\n\tby mx\.example\.test with ESMTPSA/);
  assert.match(text, /\r\nDate: .+ \+0000\r\n/);
  assert.match(text, /Message-ID: <sub1@example\.test>/);
  const v = await verifyDkim(inst, got);
  assert.equal(v?.status.result, 'pass');
  assert.equal(v?.signingDomain, 'example.test');
});

test('465 implicit TLS, AUTH LOGIN, Message-ID added when missing', async () => {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inst.ports.submissions,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user: 'alice@example.test', pass: PW, method: 'LOGIN' },
  });
  await t.sendMail({
    envelope: { from: 'alice@example.test', to: ['bob@example.test'] },
    raw: 'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: no id\r\n\r\nx\r\n',
  });
  const bodies = await mailboxBodies(inst, 'bob@example.test');
  const m = bodies.find((b) => b.includes('Subject: no id'))!;
  assert.match(m.toString(), /\r\nMessage-ID: <[0-9a-f]{24}@mx\.example\.test>\r\n/);
});

test('AUTH before TLS: not offered and refused (530 5.7.0) off loopback; wrong password 535', async () => {
  const strict = await startInstance({ loopbackPlaintext: false, allowPlaintext: 'never' });
  try {
    await strict.addUser('u@example.test', 'u-password-123');
    const py = `
import smtplib, base64
s = smtplib.SMTP('127.0.0.1', ${strict.ports.submission})
s.ehlo()
print('auth-offered-before-tls', s.has_extn('auth'))
creds = base64.b64encode(b'\\0u@example.test\\0u-password-123').decode()
c, m = s.docmd('AUTH PLAIN ' + creds)
print('refused', c, m.decode())
s.starttls()
s.ehlo()
print('auth-offered-after-tls', s.has_extn('auth'))
try:
    s.login('u@example.test', 'wrong-password')
except smtplib.SMTPAuthenticationError as e:
    print('bad', e.smtp_code)
s.login('u@example.test', 'u-password-123')
print('ok-after-tls')
m = s.docmd('MAIL FROM:u@example.test')
r = s.docmd('RCPT TO: u@example.test')
print('bare-path', m[0], r[0])
s.quit()
`;
    const r = await run('python3', ['-c', py]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /auth-offered-before-tls False/);
    assert.match(r.stdout, /refused 530 5\.7\.0 Must issue a STARTTLS command first/);
    assert.match(r.stdout, /auth-offered-after-tls True/);
    assert.match(r.stdout, /bad 535/);
    assert.match(r.stdout, /ok-after-tls/);
    assert.match(r.stdout, /bare-path 250 250/);
  } finally {
    await strict.close();
  }
});

test('swaks through a PROXY header from 203.0.113.5: no AUTH before STARTTLS, AUTH after it', {
  skip: !hasSwaks && 'swaks not installed',
}, async () => {
  const proxied = await startInstance({ proxyProtocol: true });
  try {
    await proxied.addUser('p@example.test', 'p-password-123');
    const base = [
      '--server',
      '127.0.0.1',
      '--port',
      String(proxied.ports.submission),
      '--proxy-family',
      'TCP4',
      '--proxy-source',
      '203.0.113.5',
      '--proxy-source-port',
      '40000',
      '--proxy-dest',
      '127.0.0.1',
      '--proxy-dest-port',
      '587',
    ];
    const plain = await run('swaks', [...base, '--quit-after', 'EHLO']);
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.match(plain.stdout, /<- {2}250-STARTTLS|<- {2}250 STARTTLS/);
    assert.doesNotMatch(plain.stdout, /<- {2}250[- ]AUTH/);
    const tls = await run('swaks', [
      ...base,
      '--tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'p@example.test',
      '--auth-password',
      'p-password-123',
      '--from',
      'p@example.test',
      '--to',
      'p@example.test',
      '--header',
      'Subject: proxied',
    ]);
    assert.equal(tls.status, 0, tls.stdout + tls.stderr);
    assert.match(tls.stdout, / ~> EHLO[\s\S]*<~ {2}250[- ]AUTH PLAIN LOGIN/);
    assert.match(
      (await mailboxBodies(proxied, 'p@example.test'))[0]!.toString(),
      /from .*\[203\.0\.113\.5\]/,
    );
    // A loopback client (the other instance, no PROXY header) may AUTH in plaintext: offered.
    const local = await run('swaks', [
      '--server',
      '127.0.0.1',
      '--port',
      String(inst.ports.submission),
      '--quit-after',
      'EHLO',
    ]);
    assert.match(local.stdout, /<- {2}250[- ]AUTH PLAIN LOGIN/);
  } finally {
    await proxied.close();
  }
});

test('sender checks: own address, alias and plus-address pass; others are refused', async () => {
  const t = submit();
  await t.sendMail({
    envelope: { from: 'sales@example.test', to: ['bob@example.test'] },
    raw: message('alias1', 'sales@example.test'),
  });
  await t.sendMail({
    envelope: { from: 'alice+x@example.test', to: ['bob@example.test'] },
    raw: message('plus1', 'alice+x@example.test'),
  });
  await assert.rejects(
    t.sendMail({
      envelope: { from: 'bob@example.test', to: ['bob@example.test'] },
      raw: message('spoof1', 'bob@example.test'),
    }),
    (e: { response?: string }) => /^553 5\.7\.1 Sender <bob@example\.test>/.test(e.response ?? ''),
  );
  await assert.rejects(
    t.sendMail({
      envelope: { from: 'alice@example.test', to: ['bob@example.test'] },
      raw: message('spoof2', 'ceo@example.test'),
    }),
    (e: { response?: string }) => /^550 5\.7\.1 From: <ceo@example\.test>/.test(e.response ?? ''),
  );
  const subjects = (await mailboxBodies(inst, 'bob@example.test')).map(
    (b) => /^Subject: (\S+)/m.exec(b.toString())?.[1],
  );
  assert.ok(subjects.includes('alias1') && subjects.includes('plus1'), String(subjects));
  assert.ok(!subjects.includes('spoof1') && !subjects.includes('spoof2'));
});

test('swaks submission with AUTH PLAIN over STARTTLS', {
  skip: !hasSwaks && 'swaks not installed',
}, async () => {
  const r = await run('swaks', [
    '--server',
    '127.0.0.1',
    '--port',
    String(inst.ports.submission),
    '--tls',
    '--auth',
    'PLAIN',
    '--auth-user',
    'alice@example.test',
    '--auth-password',
    PW,
    '--from',
    'alice@example.test',
    '--to',
    'bob@example.test',
    '--header',
    'Subject: swaks-sub',
  ]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok((await mailboxBodies(inst, 'bob@example.test')).some((b) => b.includes('Subject: swaks-sub')));
});

async function sentCount(id: string): Promise<number> {
  return (await mailboxBodies(inst, 'alice@example.test', 'Sent')).filter((b) =>
    b.includes(`<${id}@example.test>`),
  ).length;
}

/** What the IMAP APPEND path does for a client's own copy (CLIENT-QUIRKS §5). */
async function clientAppend(raw: Buffer) {
  const sent = (await inst.core.mailboxes.bySpecialUse(aliceId, '\\Sent'))!;
  return new SentCopies(inst.store, inst.core.messages).appendOnce(aliceId, sent, Readable.from([raw]), {
    flags: ['\\Seen'],
  });
}

test('Sent copy: filed once without a client APPEND; an APPEND after it is deduplicated', async () => {
  const raw = message('sent1');
  await submit().sendMail({ envelope: { from: 'alice@example.test', to: ['bob@example.test'] }, raw });
  assert.equal(await sentCount('sent1'), 1);
  const r = await clientAppend(raw);
  assert.equal(r.duplicate, true);
  assert.equal(await sentCount('sent1'), 1);
});

test('Sent copy: an APPEND before the submission means the submission files nothing', async () => {
  const raw = message('sent2');
  const first = await clientAppend(raw);
  assert.equal(first.duplicate, false);
  await submit().sendMail({ envelope: { from: 'alice@example.test', to: ['bob@example.test'] }, raw });
  assert.equal(await sentCount('sent2'), 1);
});

test('Sent copy: off in settings means none', async () => {
  await inst.core.accounts.updateSettings(aliceId, { sentCopy: false });
  try {
    await submit().sendMail({
      envelope: { from: 'alice@example.test', to: ['bob@example.test'] },
      raw: message('sent3'),
    });
    assert.equal(await sentCount('sent3'), 0);
  } finally {
    await inst.core.accounts.updateSettings(aliceId, { sentCopy: true });
  }
});

test('remote recipient: queued, delivered to the second Postroom through the transport override, DKIM intact', async () => {
  const raw = message('out1', 'alice@example.test', 'rita@remote.test');
  const info = await submit().sendMail({
    envelope: { from: 'alice@example.test', to: ['rita@remote.test'] },
    raw,
  });
  assert.match(info.response, /queued as \d+/);
  await waitFor(async () => (await mailboxBodies(remote, 'rita@remote.test')).length > 0);
  const [got] = await mailboxBodies(remote, 'rita@remote.test');
  const text = got!.toString();
  // The receiving instance verified what we signed (its resolver knows no key: 'neutral'/'none' is fine),
  // and the original bytes arrived after its own trace fields.
  assert.match(text, /^Authentication-Results: mx\.remote\.test;/m);
  assert.ok(got!.includes(raw.subarray(raw.indexOf('Subject:'))), 'body intact');
  assert.match(text, /DKIM-Signature: .*d=example\.test/s);
  assert.equal((await inst.store.queue!.list(0, 10)).length, 0, 'queue drained');
  assert.equal(await sentCount('out1'), 1);
});

test('unknown local recipient at RCPT on submission: 550 5.1.1', async () => {
  await assert.rejects(
    submit().sendMail({
      envelope: { from: 'alice@example.test', to: ['ghost@example.test'] },
      raw: message('ghost'),
    }),
    (e: { response?: string }) => /^550 5\.1\.1 /.test(e.response ?? ''),
  );
});

test('unauthenticated MAIL FROM on submission: 530', async () => {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inst.ports.submission,
    secure: false,
    tls: { rejectUnauthorized: false },
  });
  await assert.rejects(
    t.sendMail({
      envelope: { from: 'alice@example.test', to: ['bob@example.test'] },
      raw: message('noauth'),
    }),
    (e: { responseCode?: number }) => e.responseCode === 530,
  );
});
