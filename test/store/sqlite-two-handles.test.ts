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

test("account changes made through another handle (the CLI) reach this handle's bus", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-2h-'));
  const server = await openSqliteStore(dir, { pollMs: 20 });
  const cli = await openSqliteStore(dir, { pollMs: 20 });
  try {
    await cli.accounts.createDomain('example.test');
    const u = await cli.accounts.createUser({ address: 'x@example.test', passwordHash: 'h1', mailboxes: [] });
    const seen: string[] = [];
    const got = new Promise<void>((resolve) => {
      server.changes.subscribe(u.id, (c) => {
        if (c.type === 'account') seen.push(c.action);
        if (seen.length === 3) resolve();
      });
    });
    const own: string[] = [];
    cli.changes.subscribe(u.id, (c) => {
      if (c.type === 'account') own.push(c.action);
    });
    await cli.accounts.setPassword(u.id, 'h2');
    await cli.accounts.setQuota(u.id, 10, null);
    await cli.accounts.deleteUser(u.id);
    // The store's poll timer is unref'd (it never keeps a process alive): hold the loop here.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      got,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only saw ${seen.join(',')}`)), 5000);
      }),
    ]);
    clearTimeout(timer);
    assert.deepEqual(seen, ['password', 'settings', 'delete']);
    // the CLI's own bus got each change once, directly (not again through the log)
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(own, ['password', 'settings', 'delete']);
  } finally {
    await server.close();
    await cli.close();
    await rm(dir, { recursive: true, force: true });
  }
});
