import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccountService } from '../../src/core/accounts.js';
import { isMailError } from '../../src/core/errors.js';
import { tempStore } from './helpers.js';

test('createUser makes the domain and the six standard mailboxes, all subscribed', async () => {
  const t = await tempStore();
  try {
    const acc = new AccountService(t.store.accounts);
    const u = await acc.createUser('Alice@Example.TEST', 'hash');
    assert.equal(u.address, 'alice@example.test');
    assert.ok(await acc.isLocalDomain('EXAMPLE.test'));
    const boxes = await t.store.mail.listMailboxes(u.id);
    assert.deepEqual(
      boxes.map((b) => [b.name, b.specialUse, b.subscribed]),
      [
        ['Archive', '\\Archive', true],
        ['Drafts', '\\Drafts', true],
        ['INBOX', null, true],
        ['Junk', '\\Junk', true],
        ['Sent', '\\Sent', true],
        ['Trash', '\\Trash', true],
      ],
    );
    assert.deepEqual((await t.store.mail.listSubscriptions(u.id)).length, 6);
    // a second user on the same domain reuses it
    await acc.createUser('bob@example.test', 'hash');
    assert.equal((await acc.listDomains()).length, 1);
    await assert.rejects(acc.createUser('alice@example.test', 'h'), (e) => isMailError(e, 'AlreadyExists'));
    await assert.rejects(acc.createUser('a+b@example.test', 'h'), (e) => isMailError(e, 'Invalid'));
    await assert.rejects(acc.createUser('not an address', 'h'), (e) => isMailError(e, 'Invalid'));
  } finally {
    await t.cleanup();
  }
});

test('resolveRecipient: user, alias, plus, catch-all, chains, loops, external', async () => {
  const t = await tempStore();
  try {
    const acc = new AccountService(t.store.accounts);
    const alice = await acc.createUser('alice@example.test', 'h');
    const bob = await acc.createUser('bob@example.test', 'h');
    await acc.addAlias('team@example.test', 'alice@example.test');
    await acc.addAlias('team@example.test', 'bob@example.test');
    await acc.addAlias('team@example.test', 'friend@elsewhere.test');
    await acc.addAlias('boss@example.test', 'team@example.test');
    await acc.addAlias('loop1@example.test', 'loop2@example.test');
    await acc.addAlias('loop2@example.test', 'loop1@example.test');
    await acc.addAlias('loop2@example.test', 'bob@example.test');

    const ids = async (a: string) => (await acc.resolveRecipient(a)).local.map((r) => r.user.id);
    assert.deepEqual(await ids('Alice@Example.test'), [alice.id]);
    assert.deepEqual(await ids('team@example.test'), [alice.id, bob.id]);
    assert.deepEqual((await acc.resolveRecipient('boss@example.test')).external, ['friend@elsewhere.test']);
    assert.deepEqual(await ids('boss@example.test'), [alice.id, bob.id]);
    assert.deepEqual(await ids('loop1@example.test'), [bob.id]);
    const plus = await acc.resolveRecipient('alice+news@example.test');
    assert.deepEqual(
      plus.local.map((r) => [r.user.id, r.detail, r.rcpt]),
      [[alice.id, 'news', 'alice+news@example.test']],
    );
    assert.deepEqual(await ids('team+x@example.test'), [alice.id, bob.id]);
    assert.deepEqual(await ids('nobody@example.test'), []);
    await acc.addAlias('@example.test', 'bob@example.test');
    assert.deepEqual(await ids('nobody@example.test'), [bob.id]);
    assert.deepEqual(await ids('nobody+tag@example.test'), [bob.id]);
    assert.deepEqual(await ids('alice@example.test'), [alice.id]); // exact user wins over catch-all
    assert.deepEqual((await acc.resolveRecipient('x@elsewhere.test')).external, ['x@elsewhere.test']);

    // a chain longer than the bound is refused
    for (let i = 0; i < 10; i++) await acc.addAlias(`c${i}@example.test`, `c${i + 1}@example.test`);
    await assert.rejects(acc.resolveRecipient('c0@example.test'), (e) => isMailError(e, 'Limit'));
  } finally {
    await t.cleanup();
  }
});

test('settings are typed, defaulted and validated', async () => {
  const t = await tempStore();
  try {
    const acc = new AccountService(t.store.accounts);
    const u = await acc.createUser('alice@example.test', 'h');
    const s = await acc.getSettings(u.id);
    assert.equal(s.expungeMode, 'delete');
    assert.equal(s.pop.enabledAt, u.createdAt.toISOString());
    const next = await acc.updateSettings(u.id, { expungeMode: 'trash', pop: { offerAgain: false } });
    assert.equal(next.expungeMode, 'trash');
    assert.equal((await acc.getSettings(u.id)).pop.offerAgain, false);
    await assert.rejects(acc.updateSettings(u.id, { expungeMode: 'x' }), (e) => isMailError(e, 'Invalid'));
    await acc.updateSettings(u.id, { popEnabled: false });
    const before = Date.now();
    const on = await acc.updateSettings(u.id, { popEnabled: true });
    assert.ok(Date.parse(on.pop.enabledAt) >= before - 1000);
  } finally {
    await t.cleanup();
  }
});
