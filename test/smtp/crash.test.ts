// kill -9 during a burst of deliveries: every message that got a 250 is in the store,
// byte-exact, after the crash (the reply is sent only after the commit is durable).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import nodemailer from 'nodemailer';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

function startChild(
  dir: string,
): Promise<{ child: ChildProcess; exited: Promise<unknown>; ports: { smtp: number } }> {
  const script = join(import.meta.dirname, '..', 'support-smtp', 'child-server.js');
  const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ child, exited, ports: JSON.parse(buf.slice(0, nl)) as { smtp: number } });
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

test('kill -9 during a burst loses nothing that got a 250', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-crash-'));
  try {
    const { child, exited, ports } = await startChild(dir);
    const acked = new Map<string, Buffer>();
    let killed = false;
    const sender = async (n: number) => {
      const t = nodemailer.createTransport({
        host: '127.0.0.1',
        port: ports.smtp,
        pool: false,
        tls: { rejectUnauthorized: false },
      });
      for (let i = 0; !killed; i++) {
        const id = `c${n}-${i}`;
        const raw = Buffer.from(
          `From: x@remote.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@remote.test>\r\n\r\n${'payload '.repeat(200)}${id}\r\n`,
        );
        try {
          await t.sendMail({ envelope: { from: 'x@remote.test', to: ['alice@example.test'] }, raw });
          acked.set(id, raw);
        } catch {
          return; // the server died under us: this one was not acknowledged
        }
      }
    };
    const senders = Array.from({ length: 8 }, (_, n) => sender(n));
    // Kill once a good number of messages are acknowledged, with more in flight.
    while (acked.size < 40) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(senders);
    await exited;
    assert.ok(acked.size >= 40);

    const store = await openSqliteStore(dir);
    try {
      await store.check();
      assert.deepEqual(await store.findMissingBodies(), []);
      const user = (await store.accounts.getUser('alice@example.test'))!;
      const inbox = (await store.mail.getMailbox(user.id, 'INBOX'))!;
      const recs = await store.mail.messages(
        inbox.id,
        [{ start: 1, end: Number.POSITIVE_INFINITY }],
        100_000,
      );
      const stored = new Map<string, Buffer>();
      for (const r of recs) {
        const b = await store.blobs.readBuffer(r.blobId);
        const id = /Message-ID: <([^@]+)@remote\.test>/.exec(b.toString())?.[1];
        if (id) stored.set(id, b);
      }
      for (const [id, raw] of acked) {
        const b = stored.get(id);
        assert.ok(b, `acknowledged ${id} survived`);
        assert.ok(b.subarray(b.length - raw.length).equals(raw), `${id} byte-exact`);
      }
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
