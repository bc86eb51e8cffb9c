// kill -9 during a burst of appends: every acknowledged message must be intact after
// reopening, nothing half-written may be visible, and check() must find nothing to report.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AccountService } from '../../src/core/accounts.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

const child = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.js');

/** Runs the child until it has acknowledged `acks` messages (plus a random delay), then SIGKILLs it. */
function burstAndKill(dir: string, address: string, acks: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const acked = new Map<number, string>();
    const p = spawn(process.execPath, [child, dir, address], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    let killing = false;
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const [uid, sha] = buf.slice(0, nl).split(' ');
        acked.set(Number(uid), sha!);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
      if (!killing && acked.size >= acks) {
        killing = true;
        setTimeout(() => p.kill('SIGKILL'), Math.floor(Math.random() * 15));
      }
    });
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

test('SIGKILL mid-burst loses no acknowledged message and shows nothing half-written', {
  timeout: 120_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-crash-'));
  try {
    const setup = await openSqliteStore(dir);
    await new AccountService(setup.accounts).createUser('crash@example.test', 'h');
    await setup.close();

    const all = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      const acked = await burstAndKill(dir, 'crash@example.test', 40 + round * 20);
      for (const [uid, sha] of acked) all.set(uid, sha);

      const store = await openSqliteStore(dir);
      try {
        const { repaired } = await store.check();
        assert.deepEqual(
          repaired.filter((r) => !r.startsWith('removed')),
          [],
          'nothing to repair but temp files',
        );
        assert.deepEqual(await store.findMissingBodies(), [], 'every committed message has its body');
        const user = await store.accounts.getUser('crash@example.test');
        const box = (await store.mail.getMailbox(user!.id, 'INBOX'))!;
        const uids = await store.mail.uids(box.id);
        assert.equal(box.messages, uids.length, 'counters match rows');
        const visible = new Map<number, string>();
        let size = 0;
        for (let from = 1; ; ) {
          const page = await store.mail.messages(
            box.id,
            [{ start: from, end: Number.POSITIVE_INFINITY }],
            200,
          );
          if (page.length === 0) break;
          for (const m of page) {
            // Every visible message is whole: its bytes hash to its id and match its size.
            const bytes = await store.blobs.readBuffer(m.blobId);
            assert.equal(bytes.length, m.size);
            assert.equal(createHash('sha256').update(bytes).digest('hex'), m.blobId);
            visible.set(m.uid, m.blobId);
            size += m.size;
          }
          from = page[page.length - 1]!.uid + 1;
        }
        assert.equal(box.size, size);
        for (const [uid, sha] of all) assert.equal(visible.get(uid), sha, `acknowledged uid ${uid} intact`);
        assert.ok(visible.size >= all.size);
      } finally {
        await store.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
