import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { chunks, tempCore } from './helpers.js';

test('deliver: aliases, plus, one blob for all, per-recipient quota and unknowns', async () => {
  const t = await tempCore();
  try {
    const acc = t.core.accounts;
    const alice = await acc.createUser('alice@example.test', 'h');
    const bob = await acc.createUser('bob@example.test', 'h');
    const carol = await acc.createUser('carol@example.test', 'h');
    await acc.setQuota('carol@example.test', 10, null);
    await acc.addAlias('team@example.test', 'alice@example.test');
    await acc.addAlias('team@example.test', 'bob@example.test');
    await acc.addAlias('team@example.test', 'out@elsewhere.test');

    assert.equal(await t.core.delivery.checkRecipient('team@example.test'), 'ok');
    assert.equal(await t.core.delivery.checkRecipient('nobody@example.test'), 'unknown');
    assert.equal(await t.core.delivery.checkRecipient('not an address'), 'unknown');
    assert.equal(await t.core.delivery.checkRecipient('carol@example.test', 100), 'overquota');

    const r = await t.core.delivery.deliver(chunks('Subject: hi\n\nhello all\n'), {
      mailFrom: 'x@elsewhere.test',
      rcptTo: ['team@example.test', 'alice+lists@example.test', 'carol@example.test', 'nobody@example.test'],
    });
    assert.deepEqual(
      r.recipients.map((x) => x.status),
      ['delivered', 'delivered', 'overquota', 'unknown'],
    );
    assert.deepEqual(r.recipients[0]!.external, ['out@elsewhere.test']);
    assert.deepEqual(
      r.recipients[0]!.delivered.map((d) => d.userId),
      [alice.id, bob.id],
    );
    // alice reached twice: one copy only
    assert.deepEqual(r.recipients[1]!.delivered, [r.recipients[0]!.delivered[0]]);
    for (const u of [alice, bob]) {
      const inbox = await t.core.mailboxes.require(u.id, 'INBOX');
      assert.equal(inbox.messages, 1);
      const [m] = await t.core.messages.list(inbox.id);
      assert.equal(m!.blobId, r.blobId);
      assert.equal((await t.core.messages.readBodyBuffer(m!)).toString(), 'Subject: hi\r\n\r\nhello all\r\n');
    }
    assert.equal((await t.core.mailboxes.require(carol.id, 'INBOX')).messages, 0);
    // exactly one body file
    const files = (await readdir(join(t.dir, 'blobs'), { recursive: true, withFileTypes: true })).filter(
      (e) => e.isFile(),
    );
    assert.equal(files.length, 1);
  } finally {
    await t.cleanup();
  }
});
