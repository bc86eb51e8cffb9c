// `postroom queue list|retry|delete` as real processes on a data dir with queued mail.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { runPostroom } from '../helpers/cli.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('queue list shows entries and recipients; retry makes them due; delete removes one', async () => {
  const data = await mkdtemp(join(tmpdir(), 'postroom-cli-queue-'));
  dirs.push(data);
  const later = new Date(Date.now() + 3600_000);
  const store = await openSqliteStore(data);
  let ids: number[];
  try {
    const q = store.queue!;
    const a = await q.enqueue({
      blobId: 'a'.repeat(64),
      mailFrom: 'alice@example.test',
      size: 1234,
      eightBit: false,
      userId: null,
      recipients: ['x@far.test', 'y@far.test'],
      now: new Date(),
    });
    const b = await q.enqueue({
      blobId: 'b'.repeat(64),
      mailFrom: '',
      size: 99,
      eightBit: false,
      userId: null,
      recipients: ['z@other.test'],
      now: new Date(),
    });
    await q.update(a.id, [
      {
        address: 'x@far.test',
        state: 'pending',
        nextAttemptAt: later,
        code: 451,
        enhanced: '4.7.1',
        diagnostic: '451 4.7.1 greylisted',
        remoteMta: 'mx.far.test',
        at: new Date(),
      },
    ]);
    ids = [a.id, b.id];
  } finally {
    await store.close();
  }
  const list = await runPostroom(['queue', 'list', '--data', data]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`^${ids[0]}\\t.*\\t1234 bytes\\tfrom <alice@example\\.test>$`, 'm'));
  assert.match(
    list.stdout,
    /^ {2}x@far\.test\tpending\tattempts 1\tnext .*\t4\.7\.1 451 4\.7\.1 greylisted$/m,
  );
  assert.match(list.stdout, new RegExp(`^${ids[1]}\\t.*from <>$`, 'm'));

  const retry = await runPostroom(['queue', 'retry', String(ids[0]), '--data', data]);
  assert.equal(retry.stdout, '2 recipient(s) due now\n');
  const del = await runPostroom(['queue', 'delete', String(ids[1]), '--data', data]);
  assert.equal(del.stdout, `deleted ${ids[1]}\n`);
  const bad = await runPostroom(['queue', 'delete', String(ids[1]), '--data', data]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, `postroom: no queued message ${ids[1]}\n`);

  const check = await openSqliteStore(data);
  try {
    assert.deepEqual(
      (await check.queue!.list(0, 10)).map((m) => m.id),
      [ids[0]],
    );
    assert.equal((await check.queue!.due(new Date(), 10)).length, 1, 'retried entry is due now');
  } finally {
    await check.close();
  }
});
