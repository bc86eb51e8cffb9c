// Contract: AccountStore (domains, users, aliases, app passwords, usage, settings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MakeStore, makeUser, rejectsCode } from './helpers.js';

export function accountContract(make: MakeStore): void {
  test('domains: create, list, get, duplicate, delete only when empty', async () => {
    const { store, cleanup } = await make();
    try {
      const d = await store.accounts.createDomain('example.test');
      assert.equal(d.name, 'example.test');
      await rejectsCode(store.accounts.createDomain('example.test'), 'AlreadyExists');
      assert.deepEqual(
        (await store.accounts.listDomains()).map((x) => x.name),
        ['example.test'],
      );
      assert.equal((await store.accounts.getDomain('example.test'))?.id, d.id);
      assert.equal(await store.accounts.getDomain('nope.test'), null);
      const u = await makeUser(store, 'a@example.test');
      await rejectsCode(store.accounts.deleteDomain('example.test'), 'Invalid');
      await store.accounts.deleteUser(u.id);
      await store.accounts.deleteDomain('example.test');
      await rejectsCode(store.accounts.deleteDomain('example.test'), 'NotFound');
    } finally {
      await cleanup();
    }
  });

  test('users: created with their mailboxes and subscriptions in one go', async () => {
    const { store, cleanup } = await make();
    try {
      await store.accounts.createDomain('example.test');
      await rejectsCode(
        store.accounts.createUser({ address: 'x@other.test', passwordHash: 'h', mailboxes: [] }),
        'NotFound',
      );
      const u = await store.accounts.createUser({
        address: 'alice@example.test',
        passwordHash: 'hash1',
        quotaBytes: 1000,
        settings: { a: 1 },
        mailboxes: [{ name: 'Sent', specialUse: '\\Sent', subscribed: true }],
      });
      assert.equal(u.address, 'alice@example.test');
      assert.equal(u.quotaBytes, 1000);
      assert.equal(u.quotaMessages, null);
      assert.deepEqual(u.settings, { a: 1 });
      const boxes = await store.mail.listMailboxes(u.id);
      assert.deepEqual(
        boxes.map((b) => [b.name, b.specialUse, b.subscribed]),
        [
          ['INBOX', null, true],
          ['Sent', '\\Sent', true],
        ],
      );
      assert.ok(boxes.every((b) => b.highestModseq >= 1));
      await rejectsCode(
        store.accounts.createUser({ address: 'alice@example.test', passwordHash: 'h', mailboxes: [] }),
        'AlreadyExists',
      );
      assert.equal((await store.accounts.getUser('alice@example.test'))?.id, u.id);
      assert.equal((await store.accounts.getUserById(u.id))?.address, u.address);
      assert.equal(await store.accounts.countUsers(), 1);
      assert.equal((await store.accounts.listUsers('example.test')).length, 1);
      assert.equal((await store.accounts.listUsers('other.test')).length, 0);

      await store.accounts.setPassword(u.id, 'hash2');
      await store.accounts.updateSettings(u.id, { b: 2 });
      await store.accounts.setQuota(u.id, null, 5);
      const again = await store.accounts.getUserById(u.id);
      assert.equal(again?.passwordHash, 'hash2');
      assert.deepEqual(again?.settings, { b: 2 });
      assert.equal(again?.quotaBytes, null);
      assert.equal(again?.quotaMessages, 5);
      assert.deepEqual(await store.accounts.getUsage(u.id), { bytes: 0, messages: 0 });
      await rejectsCode(store.accounts.setPassword(9999, 'x'), 'NotFound');
    } finally {
      await cleanup();
    }
  });

  test('account changes are published on the change bus', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const seen: string[] = [];
      const off = store.changes.subscribe(u.id, (c) => seen.push(c.type === 'account' ? c.action : c.type));
      await store.accounts.setPassword(u.id, 'h');
      await store.accounts.updateSettings(u.id, {});
      off();
      await store.accounts.setPassword(u.id, 'h2');
      assert.deepEqual(seen, ['password', 'settings']);
    } finally {
      await cleanup();
    }
  });

  test('aliases: exact, catch-all, several targets, removed with their user', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store, 'bob@example.test');
      await store.accounts.addAlias('info@example.test', 'bob@example.test');
      await store.accounts.addAlias('info@example.test', 'carol@elsewhere.test');
      await store.accounts.addAlias('@example.test', 'bob@example.test');
      await rejectsCode(store.accounts.addAlias('info@example.test', 'bob@example.test'), 'AlreadyExists');
      await rejectsCode(store.accounts.addAlias('x@unknown.test', 'bob@example.test'), 'NotFound');
      assert.deepEqual(
        (await store.accounts.findAliases('info@example.test')).map((a) => a.target),
        ['bob@example.test', 'carol@elsewhere.test'],
      );
      assert.equal((await store.accounts.findAliases('@example.test')).length, 1);
      assert.equal((await store.accounts.findAliases('nobody@example.test')).length, 0);
      assert.equal((await store.accounts.listAliases('example.test')).length, 3);
      await store.accounts.deleteAlias('info@example.test', 'carol@elsewhere.test');
      assert.equal((await store.accounts.findAliases('info@example.test')).length, 1);
      await rejectsCode(store.accounts.deleteAlias('none@example.test'), 'NotFound');
      await store.accounts.deleteUser(u.id);
      assert.equal((await store.accounts.listAliases()).length, 0);
      assert.equal(await store.accounts.getUser('bob@example.test'), null);
    } finally {
      await cleanup();
    }
  });

  test('app passwords: add, list, touch, delete, gone with the user', async () => {
    const { store, cleanup } = await make();
    try {
      const u = await makeUser(store);
      const p = await store.accounts.addAppPassword(u.id, 'phone', 'h1', ['imap', 'smtp']);
      await store.accounts.addAppPassword(u.id, 'laptop', 'h2', null);
      await rejectsCode(store.accounts.addAppPassword(u.id, 'phone', 'h3', null), 'AlreadyExists');
      const at = new Date(Date.UTC(2025, 5, 1));
      await store.accounts.touchAppPassword(p.id, at);
      const list = await store.accounts.listAppPasswords(u.id);
      assert.deepEqual(
        list.map((x) => [x.name, x.protocols, x.lastUsedAt?.getTime() ?? null]),
        [
          ['laptop', null, null],
          ['phone', ['imap', 'smtp'], at.getTime()],
        ],
      );
      await store.accounts.deleteAppPassword(u.id, 'laptop');
      await rejectsCode(store.accounts.deleteAppPassword(u.id, 'laptop'), 'NotFound');
      await store.accounts.deleteUser(u.id);
      assert.equal((await store.accounts.listAppPasswords(u.id)).length, 0);
    } finally {
      await cleanup();
    }
  });
}
