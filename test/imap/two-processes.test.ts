// Two `postroom serve` processes on one data dir: an IMAP client in IDLE on the first hears
// of every change made through the second (IMAP APPEND, STORE, EXPUNGE, MOVE, an SMTP
// delivery, CREATE) within a second, through the store's change journal
// (src/store-sqlite/change-journal.ts). Clients: imapflow on both sides, nodemailer for SMTP.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { runPostroom, spawnServe, waitForOutput } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const USER = 'two@example.test';
const PASS = 'plenty long passphrase 9';
/** The bound for a change to reach an IDLE client, whichever process made it. */
const WITHIN_MS = 1000;

let dir = '';
const children: ChildProcess[] = [];
let portA = 0;
let portB = 0;
let smtpB = 0;

async function serve(ports: Record<string, number>): Promise<void> {
  const child = spawnServe(join(dir, 'data'), ports);
  children.push(child);
  await waitForOutput(child, /"msg":"ready"/);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postroom-imap-two-'));
  const add = await runPostroom(['user', 'add', USER, '--password', PASS, '--data', join(dir, 'data')]);
  assert.equal(add.code, 0, add.stderr);
  [portA, portB, smtpB] = [await freePort(), await freePort(), await freePort()];
  await serve({ imap: portA });
  await serve({ imap: portB, smtp: smtpB });
});
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : once(c, 'exit'))),
  );
  await rm(dir, { recursive: true, force: true });
});

const flow = (port: number) =>
  new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    tls: { rejectUnauthorized: false },
    auth: { user: USER, pass: PASS },
    logger: false,
  });

/** Resolves with the first event `name` from `client` that `match` accepts, and its delay. */
function next<T>(client: ImapFlow, name: string, match: (d: T) => boolean = () => true) {
  const start = performance.now();
  return new Promise<{ data: T; ms: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(name, on);
      reject(new Error(`no ${name} event within 5 s`));
    }, 5000);
    const on = (d: T) => {
      if (!match(d)) return;
      clearTimeout(timer);
      client.off(name, on);
      resolve({ data: d, ms: performance.now() - start });
    };
    client.on(name, on);
  });
}

async function idling(client: ImapFlow): Promise<void> {
  void client.idle().catch(() => {});
  while (!client.idling) await new Promise((r) => setTimeout(r, 5));
}

const raw = (subject: string) =>
  `From: b@example.test\r\nTo: ${USER}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@x.test>\r\n\r\nbody of ${subject}\r\n`;

test('IDLE on one serve process hears APPEND, STORE, EXPUNGE, MOVE, SMTP and CREATE made through another', async () => {
  const a = flow(portA);
  const b = flow(portB);
  await a.connect();
  await b.connect();
  try {
    const box = await a.mailboxOpen('INBOX');
    assert.equal(box.exists, 0);
    await b.mailboxOpen('INBOX');
    await idling(a);

    // APPEND on B -> EXISTS on A.
    let ev = next<{ count: number }>(a, 'exists');
    await b.append('INBOX', raw('first'));
    const appended = await ev;
    assert.equal(appended.data.count, 1);
    assert.ok(appended.ms < WITHIN_MS, `EXISTS after ${appended.ms} ms`);

    // STORE on B -> FETCH FLAGS on A.
    const flagged = next<{ uid: number; flags: Set<string> }>(a, 'flags');
    await b.messageFlagsAdd('1', ['\\Flagged', 'ProcessB']);
    const f = await flagged;
    assert.ok(f.data.flags.has('\\Flagged') && f.data.flags.has('ProcessB'), [...f.data.flags].join(' '));
    assert.ok(f.ms < WITHIN_MS, `FETCH after ${f.ms} ms`);

    // SMTP delivery through B -> EXISTS on A.
    ev = next<{ count: number }>(a, 'exists', (d) => d.count === 2);
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpB,
      secure: false,
      tls: { rejectUnauthorized: false },
    });
    await smtp.sendMail({ envelope: { from: 'c@remote.test', to: [USER] }, raw: raw('by smtp') });
    smtp.close();
    const delivered = await ev;
    assert.ok(delivered.ms < WITHIN_MS, `EXISTS after SMTP in ${delivered.ms} ms`);

    // MOVE on B -> EXPUNGE on A.
    await b.mailboxCreate('Filed');
    let gone = next<{ seq: number }>(a, 'expunge');
    await b.messageMove('1', 'Filed', { uid: true });
    const moved = await gone;
    assert.equal(moved.data.seq, 1);
    assert.ok(moved.ms < WITHIN_MS, `EXPUNGE after MOVE in ${moved.ms} ms`);

    // STORE \Deleted + EXPUNGE on B -> EXPUNGE on A: INBOX is empty on both.
    gone = next<{ seq: number }>(a, 'expunge');
    await b.messageDelete('1:*');
    const expunged = await gone;
    assert.ok(expunged.ms < WITHIN_MS, `EXPUNGE after ${expunged.ms} ms`);

    // A's view is right after all that: leave IDLE and look.
    const status = await a.status('Filed', { messages: true });
    assert.ok(status);
    assert.equal(status.messages, 1);
    const list = await a.list();
    assert.ok(list.some((m) => m.path === 'Filed' && m.subscribed));
    await a.noop();
    assert.ok(a.mailbox);
    assert.equal(a.mailbox.exists, 0);
  } finally {
    await a.logout().catch(() => {});
    await b.logout().catch(() => {});
  }
});
