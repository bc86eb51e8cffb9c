// The CLI and the server open the same data dir: each must see the other's changes at once.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCore } from '../../src/core/index.js';
import type { MailChange } from '../../src/store/types.js';
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

test('mail changes through another handle reach this bus in commit order, once; a failed transaction journals nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-2h-'));
  const a = await openSqliteStore(dir, { pollMs: 20 });
  const b = await openSqliteStore(dir, { pollMs: 20 });
  try {
    await b.accounts.createDomain('example.test');
    const u = await b.accounts.createUser({ address: 'y@example.test', passwordHash: 'h', mailboxes: [] });
    const inbox = (await b.mail.getMailbox(u.id, 'INBOX'))!;
    const seen: string[] = [];
    const own: string[] = [];
    const describe = (c: MailChange) =>
      c.type === 'append'
        ? `append ${c.uid}`
        : c.type === 'expunge'
          ? `expunge ${c.uids.join(',')}`
          : c.type === 'flags'
            ? `flags ${c.changes.map((x) => `${x.uid}:${x.flags.join('+')}`).join(',')}`
            : c.type === 'mailbox'
              ? `${c.action} ${c.name}`
              : c.action;
    let done: () => void = () => {};
    const all = new Promise<void>((r) => (done = r));
    a.changes.subscribe(u.id, (c) => {
      seen.push(describe(c));
      if (c.type === 'mailbox' && c.action === 'delete') done();
    });
    b.changes.subscribe(u.id, (c) => own.push(describe(c)));

    const core = createCore({ store: b });
    const append = () => core.messages.append(u.id, inbox.id, { source: ['Subject: j\r\n\r\nbody\r\n'] });
    await append();
    await append();
    await b.mail.setFlags(u.id, inbox.id, [{ start: 1, end: 1 }], 'add', ['\\Seen'], undefined);
    const work = await b.mail.createMailbox(u.id, 'Work', null, true);
    await b.mail.move(u.id, inbox.id, [{ start: 2, end: 2 }], work.id);
    // A transaction that throws (quota) commits nothing and so journals nothing.
    await b.accounts.setQuota(u.id, null, 1);
    await assert.rejects(append());
    await b.mail.expunge(u.id, inbox.id, undefined);
    await b.mail.setFlags(u.id, inbox.id, [{ start: 1, end: 1 }], 'add', ['\\Deleted'], undefined);
    await b.mail.expunge(u.id, inbox.id, undefined);
    await b.mail.deleteMailbox(u.id, 'Work');

    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      all,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only saw ${seen.join(' | ')}`)), 5000);
      }),
    ]);
    clearTimeout(timer);
    const expected = [
      'append 1',
      'append 2',
      'flags 1:\\Seen',
      'create Work',
      'subscribe Work',
      'expunge 2',
      'append 1',
      'settings',
      'flags 1:\\Seen+\\Deleted',
      'expunge 1',
      'delete Work',
    ];
    // `a` subscribed before its poll read createUser's rows: it hears INBOX's creation too.
    assert.deepEqual(seen, ['create INBOX', 'subscribe INBOX', ...expected]);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(own, expected, 'the writing handle publishes each change once, directly');
  } finally {
    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  }
});
