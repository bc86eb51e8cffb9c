// Two `postroom serve` processes on loopback: mail submitted on the first for a domain of
// the second travels through the first's queue, routed by outbound.transports in its
// config file, and lands in the second's store. Both processes are the real CLI.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import nodemailer from 'nodemailer';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { run } from '../support-smtp/run.js';

const main = join(import.meta.dirname, '..', '..', 'src', 'main.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];
after(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
  );
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const OFF = ['imap', 'imaps', 'pop3', 'pop3s', 'http', 'https', 'managesieve', 'submissions'].flatMap((p) => [
  `--${p}-port`,
  '0',
]);

async function serve(dir: string, hostname: string, smtp: number, submission: number, config?: string) {
  const args = [
    main,
    'serve',
    '--data',
    dir,
    '--hostname',
    hostname,
    '--host',
    '127.0.0.1',
    '--smtp-port',
    String(smtp),
    '--submission-port',
    String(submission),
    ...OFF,
    '--log-format',
    'json',
  ];
  if (config) args.push('--config', config);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('"msg":"ready"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

test('submission on server A reaches a user on server B through the transport override', {
  timeout: 60_000,
}, async () => {
  const [a, b] = [await mkdtemp(join(tmpdir(), 'postroom-a-')), await mkdtemp(join(tmpdir(), 'postroom-b-'))];
  dirs.push(a, b);
  const pw = 'Correct-Horse-Battery-9';
  for (const [dir, addr] of [
    [a, 'alice@a.test'],
    [b, 'bob@b.test'],
  ] as const) {
    const r = await run(process.execPath, [main, 'user', 'add', addr, '--password', pw, '--data', dir]);
    assert.equal(r.status, 0, r.stderr);
  }
  const [aSmtp, aSub, bSmtp, bSub] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const cfg = join(a, 'postroom.json');
  await writeFile(cfg, JSON.stringify({ outbound: { transports: `b.test=127.0.0.1:${bSmtp}` } }));
  await serve(b, 'mx.b.test', bSmtp, bSub);
  await serve(a, 'mx.a.test', aSmtp, aSub, cfg);

  const info = await nodemailer
    .createTransport({
      host: '127.0.0.1',
      port: aSub,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'alice@a.test', pass: pw },
    })
    .sendMail({ from: 'alice@a.test', to: 'bob@b.test', subject: 'across', text: 'from A to B' });
  assert.match(info.response, /queued as \d+/);

  // Read B's store (a second handle, as the CLI does) until the message is there.
  const deadline = Date.now() + 20_000;
  let found = '';
  while (!found && Date.now() < deadline) {
    const store = await openSqliteStore(b);
    try {
      const user = (await store.accounts.getUser('bob@b.test'))!;
      const inbox = (await store.mail.getMailbox(user.id, 'INBOX'))!;
      for (const r of await store.mail.messages(
        inbox.id,
        [{ start: 1, end: Number.POSITIVE_INFINITY }],
        100,
      )) {
        const text = (await store.blobs.readBuffer(r.blobId)).toString();
        if (text.includes('Subject: across')) found = text;
      }
    } finally {
      await store.close();
    }
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(found, 'delivered to B');
  assert.match(found, /^Received: from mx\.a\.test/m);
  assert.match(found, /by mx\.b\.test with ESMTPS/);
  assert.match(found, /from A to B/);
  const q = await run(process.execPath, [main, 'queue', 'list', '--data', a]);
  assert.match(q.stdout, /the queue is empty/);
});
