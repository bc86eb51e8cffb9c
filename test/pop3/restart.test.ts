// UIDLs are the store's emailIds: the same after a server restart on the same data dir,
// and after a move between folders.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { startCoreFixture } from './helpers/core-fixture.js';
import { RawPop3 } from './helpers/raw-client.js';

async function uidlList(port: number): Promise<string[]> {
  const c = await RawPop3.connect(port);
  await c.line();
  await c.cmd('USER alice@example.test');
  assert.match(await c.cmd('PASS Secret-1'), /^\+OK/);
  assert.match(await c.cmd('UIDL'), /^\+OK/);
  const lines = await c.lines();
  await c.cmd('QUIT');
  await c.waitClosed();
  return lines;
}

test('UIDL is stable across a restart on the same data dir, and unique', async () => {
  const first = await startCoreFixture();
  const dir = first.dir;
  try {
    for (let i = 0; i < 5; i++) await first.deliver(`Subject: m${i}\r\n\r\nbody ${i}\r\n`);
    await first.deliver('Subject: same\r\n\r\nsame body\r\n');
    await first.deliver('Subject: same\r\n\r\nsame body\r\n'); // identical bytes, distinct message
    const before = await uidlList(first.port);
    assert.equal(before.length, 7);
    const values = before.map((l) => l.split(' ')[1]!);
    assert.equal(new Set(values).size, 7, 'UIDLs unique in the maildrop');
    for (const v of values) assert.match(v, /^[\x21-\x7e]{1,70}$/, 'RFC 1939 §7 uid-listing charset');
    await first.stop(true);
    const second = await startCoreFixture({ dir });
    try {
      assert.deepEqual(await uidlList(second.port), before);
    } finally {
      await second.stop(true);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
