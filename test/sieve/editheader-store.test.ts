// editheader (RFC 5293) on the stored copy: the header block is rewritten (untouched
// fields byte for byte), the edited message is what the store and its index hold, each
// action gets the header as it was when it ran, Received cannot be deleted.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCore } from '../../src/core/index.js';
import { formatField, rewriteHeader, splitRawFields } from '../../src/core/sieve-edit.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

const HEAD =
  'Received: from a by b;\r\n Mon, 1 Jan 2024\r\nX-Spam: yes\r\nSubject: hi\r\n\tthere\r\nX-Spam: no\r\n\r\n';

test('splitRawFields keeps continuation lines with their field and stops at the blank line', () => {
  const { prefix, fields } = splitRawFields(Buffer.from(HEAD));
  assert.equal(prefix, '');
  assert.deepEqual(fields, [
    'Received: from a by b;\r\n Mon, 1 Jan 2024\r\n',
    'X-Spam: yes\r\n',
    'Subject: hi\r\n\tthere\r\n',
    'X-Spam: no\r\n',
  ]);
});

test('rewriteHeader: original fields by position, added ones encoded and folded', () => {
  const out = rewriteHeader(Buffer.from(HEAD), [
    { name: 'X-New', value: 'Grüße' },
    { orig: 0 },
    { orig: 2 },
    { name: 'X-Long', value: 'word '.repeat(30).trim() },
  ]).toString('latin1');
  const lines = out.split('\r\n');
  assert.equal(lines[0], 'X-New: =?utf-8?B?R3LDvMOfZQ==?=');
  assert.ok(
    out.includes('Received: from a by b;\r\n Mon, 1 Jan 2024\r\nSubject: hi\r\n\tthere\r\nX-Long: word'),
  );
  assert.ok(!out.includes('X-Spam'));
  assert.ok(out.endsWith('\r\n\r\n'));
  for (const l of lines) assert.ok(l.length <= 78, l);
  assert.equal(formatField('X-Inject', 'a\r\nBcc: evil@x'), 'X-Inject: a Bcc: evil@x\r\n');
});

test('delivery stores the edited message; its index agrees; earlier actions keep the earlier header', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sieve-edit-'));
  const store = await openSqliteStore(dir);
  try {
    const core = createCore({ store });
    const user = await core.accounts.createUser('eve@example.test', 'x');
    await core.sieve.put(
      user.id,
      's',
      `require ["editheader", "fileinto", "mailbox", "copy"];
       fileinto :copy :create "Before";
       deleteheader "x-spam";
       deleteheader "received";
       deleteheader "subject";
       addheader "Subject" "[filtered] hi";
       addheader :last "X-Note" "filed by sieve";
       fileinto :create "After";`,
    );
    await core.sieve.activate(user.id, 's');
    const raw = `${HEAD}Body line.\r\n`;
    await core.delivery.deliver([raw], { mailFrom: 'a@b.test', rcptTo: ['eve@example.test'] });
    const read = async (name: string) => {
      const mb = await core.mailboxes.require(user.id, name);
      const [rec] = await core.messages.list(mb.id);
      assert.ok(rec, `a message in ${name}`);
      return {
        bytes: (await core.messages.readBodyBuffer(rec)).toString('latin1'),
        meta: (await core.messages.blobMeta(rec.blobId))!,
      };
    };
    const before = await read('Before');
    assert.equal(before.bytes, raw);
    const after = await read('After');
    assert.equal(
      after.bytes,
      'Subject: [filtered] hi\r\nReceived: from a by b;\r\n Mon, 1 Jan 2024\r\nX-Note: filed by sieve\r\n\r\nBody line.\r\n',
    );
    assert.equal(after.meta.subject, '[filtered] hi');
    assert.equal(after.meta.size, Buffer.byteLength(after.bytes, 'latin1'));
    // Nothing left in INBOX: fileinto cancelled the implicit keep.
    assert.equal((await core.messages.uids((await core.mailboxes.require(user.id, 'INBOX')).id)).length, 0);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
