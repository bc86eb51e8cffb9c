// The CLI and the server open the same data dir: each must see the other's changes at once.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

test('two handles on one data dir see each other without caching', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-2h-'));
  const a = await openSqliteStore(dir);
  const b = await openSqliteStore(dir);
  try {
    await a.accounts.createDomain('example.test');
    const u = await b.accounts.createUser({ address: 'x@example.test', passwordHash: 'h1', mailboxes: [] });
    assert.equal((await a.accounts.getUser('x@example.test'))?.passwordHash, 'h1');
    await b.accounts.setPassword(u.id, 'h2');
    assert.equal((await a.accounts.getUser('x@example.test'))?.passwordHash, 'h2');
    await a.mail.createMailbox(u.id, 'Work', null, true);
    const boxes = await b.mail.listMailboxes(u.id);
    assert.deepEqual(
      boxes.map((m) => m.name),
      ['INBOX', 'Work'],
    );
    // UIDVALIDITY comes from one counter in the file, whichever handle creates the mailbox.
    assert.equal(new Set(boxes.map((m) => m.uidValidity)).size, 2);
    await b.accounts.deleteUser(u.id);
    assert.equal(await a.accounts.getUser('x@example.test'), null);
  } finally {
    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  }
});
