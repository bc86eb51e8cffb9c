// Sieve end to end through real sockets and real clients (issue 6, "Done when"): scripts
// go in with sieve-connect (or the `postroom filter` CLI as a process), mail comes in by
// SMTP (nodemailer, port 25) or submission (587, authenticated), and what was filed is
// read back over IMAP with imapflow. Outbound mail (vacation replies, forwards) leaves
// through the real queue to a fake remote MX on loopback (outbound.transports).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { runPostroom } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HAVE_SIEVE_CONNECT, sieveConnect } from '../helpers/sieve-connect.js';
import { type FakeMx, startFakeMx } from '../support-smtp/fake-mx.js';

let srv: TestServer;
let mx: FakeMx;
before(async () => {
  mx = await startFakeMx();
  const hop = `127.0.0.1:${mx.port}`;
  srv = await startTestServer({
    config: { outbound: { transports: `other.test=${hop},client.test=${hop},phone.test=${hop}` } },
  });
});
after(async () => {
  await srv?.stop();
  await mx?.close();
});

const skip = HAVE_SIEVE_CONNECT ? false : 'sieve-connect not installed';

/** Polls `check` until it returns true (the event happened), failing after `ms`. */
async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function upload(name: string, script: string): Promise<void> {
  const file = join(srv.dataDir, `${name}.sieve`);
  await writeFile(file, script);
  const up = await sieveConnect(srv, ['--localsieve', file, '--remotesieve', name, '--upload']);
  assert.equal(up.code, 0, up.out);
  const act = await sieveConnect(srv, ['--remotesieve', name, '--activate']);
  assert.equal(act.code, 0, act.out);
}

function smtp(port: 'smtp' | 'submission') {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: srv.ports[port]!,
    secure: false,
    tls: { rejectUnauthorized: false },
    ...(port === 'submission' ? { auth: { user: srv.user.address, pass: srv.user.password } } : {}),
  });
}

async function withImap<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port: srv.ports.imap!,
    secure: false,
    tls: { rejectUnauthorized: false },
    auth: { user: srv.user.address, pass: srv.user.password },
    logger: false,
  });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

/** Subjects in a mailbox as IMAP shows them (empty when the mailbox does not exist). */
async function subjects(mailbox: string): Promise<string[]> {
  return withImap(async (c) => {
    const boxes = await c.list();
    if (!boxes.some((b) => b.path === mailbox)) return [];
    const lock = await c.getMailboxLock(mailbox);
    try {
      const out: string[] = [];
      if ((c.mailbox as { exists: number }).exists === 0) return out;
      for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
      return out.sort();
    } finally {
      lock.release();
    }
  });
}

async function queueEmpty(): Promise<boolean> {
  return (await srv.core.store.queue!.list(0, 100)).length === 0;
}

test('a rule uploaded with sieve-connect files SMTP mail into a folder seen over IMAP; vacation answers once per sender', {
  skip,
}, async () => {
  await upload(
    'main',
    `require ["fileinto", "mailbox", "vacation"];
if address :domain "from" "vendor.test" { fileinto :create "Vendors"; stop; }
vacation :days 1 :subject "Away" "Back on Monday.";
`,
  );
  const t = smtp('smtp');
  const to = srv.user.address;
  await t.sendMail({ from: 'sales@vendor.test', to, subject: 'offer 1', text: 'buy' });
  await t.sendMail({ from: 'friend@other.test', to, subject: 'hello 1', text: 'hi' });
  await t.sendMail({ from: 'friend@other.test', to, subject: 'hello 2', text: 'hi again' });
  await t.sendMail({ from: 'pal@other.test', to, subject: 'hello 3', text: 'hi' });
  t.close();

  assert.deepEqual(await subjects('Vendors'), ['offer 1']);
  assert.deepEqual(await subjects('INBOX'), ['hello 1', 'hello 2', 'hello 3']);
  // Each 250 came after the script ran, so every reply is queued by now: wait until the
  // queue has sent them all, then count what reached the remote side.
  await waitFor('the vacation replies to leave the queue', queueEmpty);
  const replies = mx.received.filter((r) => r.from === '');
  assert.deepEqual(replies.map((r) => r.to).sort(), [['friend@other.test'], ['pal@other.test']]);
  const text = replies[0]!.body.toString();
  assert.match(text, /^Subject: Away\r$/m);
  assert.match(text, /^Auto-Submitted: auto-replied\r$/m);
  assert.match(text, /Back on Monday\./);
  mx.received.length = 0;
});

test('a script that fails at run time still delivers to INBOX', { skip }, async () => {
  await upload('broken', 'require ["include", "fileinto"];\ninclude "missing";\nfileinto "Never";\n');
  const t = smtp('smtp');
  await t.sendMail({ from: 'x@other.test', to: srv.user.address, subject: 'despite the script', text: 'x' });
  t.close();
  assert.ok((await subjects('INBOX')).includes('despite the script'));
  assert.deepEqual(await subjects('Never'), []);
});

test('an outgoing rule files the Sent copy of mail submitted on port 587', { skip }, async () => {
  await upload(
    'outgoing',
    `require ["environment", "fileinto", "mailbox"];
if allof (environment :is "vnd.postroom.direction" "outgoing", address :domain "to" "client.test") {
  fileinto :create "Clients";
}
`,
  );
  const t = smtp('submission');
  await t.sendMail({ from: srv.user.address, to: 'boss@client.test', subject: 'report', text: 'numbers' });
  await t.sendMail({ from: srv.user.address, to: 'friend@other.test', subject: 'lunch?', text: 'today' });
  t.close();
  assert.deepEqual(await subjects('Clients'), ['report']);
  assert.deepEqual(await subjects('Sent'), ['lunch?']);
  await waitFor('the submitted mail to leave the queue', queueEmpty);
  assert.deepEqual(mx.received.map((r) => r.to).sort(), [['boss@client.test'], ['friend@other.test']]);
  mx.received.length = 0;
});

test('editheader changes are in the stored message and its IMAP index', { skip }, async () => {
  await upload(
    'edit',
    `require ["editheader", "fileinto", "mailbox"];
if header :contains "subject" "edit me" {
  deleteheader "X-Spam-Flag";
  deleteheader "Received";
  addheader "X-Filed-By" "sieve ✓";
  deleteheader "Subject";
  addheader :last "Subject" "edited";
  fileinto :create "Edited";
}
`,
  );
  const t = smtp('smtp');
  await t.sendMail({
    from: 'x@other.test',
    to: srv.user.address,
    subject: 'edit me',
    text: 'body stays',
    headers: { 'X-Spam-Flag': 'YES' },
  });
  t.close();
  await withImap(async (c) => {
    const lock = await c.getMailboxLock('Edited');
    try {
      const m = await c.fetchOne('1', { source: true, envelope: true, size: true, bodyStructure: true });
      assert.ok(m);
      const src = m.source!.toString('utf8');
      const head = src.slice(0, src.indexOf('\r\n\r\n'));
      assert.match(head, /^X-Filed-By: =\?utf-8\?B\?[A-Za-z0-9+/=]+\?=$/m);
      assert.doesNotMatch(head, /X-Spam-Flag/i);
      assert.match(head, /^Received: /m, 'Received cannot be deleted (RFC 5293 §6)');
      assert.match(head, /\r\nSubject: edited$/, 'added :last');
      assert.match(src, /body stays/);
      // The index agrees with the bytes: ENVELOPE subject and RFC822.SIZE.
      assert.equal(m.envelope?.subject, 'edited');
      assert.equal(m.size, m.source!.length);
      assert.equal(m.bodyStructure?.type, 'text/plain');
    } finally {
      lock.release();
    }
  });
});

test('postroom filter (a separate process) changes what the running server does at the next delivery', async () => {
  const cli = async (...args: string[]) => {
    const r = await runPostroom(['filter', ...args, '--data', srv.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    return r;
  };
  const who = srv.user.address;
  const first = await cli(
    'add',
    who,
    '--if-header',
    'List-Id: dev.example.org',
    '--move-to',
    'Lists/Dev',
    '--mark-read',
  );
  assert.match(first.stderr, /note: the active Sieve script is "edit", so these rules do not run/);
  await cli('add', who, '--if-from', 'boss@', '--flag', '--forward', 'me@phone.test', '--stop');
  await cli('add', who, '--any', '--if-subject', '[spam]', '--if-from', '@spam.test', '--delete');
  // Another script was active (uploaded above): the CLI says so, and `activate` switches.
  await cli('activate', who);
  const list = (await cli('list', who)).stdout;
  assert.match(
    list,
    /^1\. .*\n {3}if header List-Id contains "dev\.example\.org" -> move to "Lists\/Dev", mark read$/m,
  );
  assert.match(list, /^3\. /m);
  assert.match((await cli('show', who)).stdout, /fileinto :create :flags \["\\\\Seen"\] "Lists\/Dev";/);

  const t = smtp('smtp');
  await t.sendMail({
    from: 'a@other.test',
    to: who,
    subject: 'weekly',
    text: 'x',
    headers: { 'List-Id': 'Dev <dev.example.org>' },
  });
  await t.sendMail({ from: 'boss@other.test', to: who, subject: 'urgent', text: 'x' });
  await t.sendMail({ from: 'ads@spam.test', to: who, subject: 'cheap', text: 'x' });
  t.close();

  await withImap(async (c) => {
    let lock = await c.getMailboxLock('Lists/Dev');
    try {
      const m = await c.fetchOne('*', { envelope: true, flags: true });
      assert.ok(m);
      assert.equal(m.envelope?.subject, 'weekly');
      assert.ok(m.flags?.has('\\Seen'));
    } finally {
      lock.release();
    }
    lock = await c.getMailboxLock('INBOX');
    try {
      const found: Record<string, boolean> = {};
      for await (const m of c.fetch('1:*', { envelope: true, flags: true }))
        found[m.envelope?.subject ?? ''] = m.flags?.has('\\Flagged') ?? false;
      assert.equal(found.urgent, true, 'flagged in INBOX');
      assert.equal('cheap' in found, false, 'deleted');
      assert.equal('weekly' in found, false, 'moved');
    } finally {
      lock.release();
    }
  });
  await waitFor('the forward to leave the queue', queueEmpty);
  const fwd = mx.received.filter((r) => r.to.includes('me@phone.test'));
  assert.equal(fwd.length, 1);
  assert.match(fwd[0]!.body.toString(), /^Subject: urgent\r$/m);

  // Deleting rule 2 counts at once too: the next message from the boss is not flagged.
  await cli('del', who, '2');
  const t2 = smtp('smtp');
  await t2.sendMail({ from: 'boss@other.test', to: who, subject: 'calm', text: 'x' });
  t2.close();
  await withImap(async (c) => {
    const lock = await c.getMailboxLock('INBOX');
    try {
      const m = await c.fetchOne('*', { envelope: true, flags: true });
      assert.ok(m);
      assert.equal(m.envelope?.subject, 'calm');
      assert.equal(m.flags?.has('\\Flagged'), false);
    } finally {
      lock.release();
    }
  });
});
