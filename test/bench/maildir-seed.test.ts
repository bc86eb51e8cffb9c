import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maildirName, parsePasswdOwner, referenceHome } from '../../bench/reference/maildir-seed.js';

test('owner of a system user from /etc/passwd', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\nvmail:x:998:997::/nonexistent:/usr/sbin/nologin\n';
  assert.deepEqual(parsePasswdOwner(passwd, 'vmail'), { uid: 998, gid: 997 });
  assert.equal(parsePasswdOwner(passwd, 'dovenull'), null);
});

test('home of a reference user, refusing paths that escape the mail root', () => {
  assert.equal(
    referenceHome('/tmp/dovecot-ref/mail', 'Carol@Example.TEST'),
    '/tmp/dovecot-ref/mail/example.test/carol',
  );
  assert.throws(() => referenceHome('/m', 'carol'), /full address/);
  assert.throws(() => referenceHome('/m', '../x@example.test'), /unsafe/);
  assert.throws(() => referenceHome('/m', 'x@..'), /unsafe/);
});

test('Maildir names carry the physical and CRLF sizes', () => {
  assert.equal(maildirName(5, 1000, 1040), '1700000005.M5P0Q1.bench,S=1000,W=1040:2,');
});
