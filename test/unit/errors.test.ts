import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMailError, MailError, overQuota } from '../../src/core/errors.js';

test('MailError keeps a stable code that protocols can map', () => {
  const e = overQuota('mailbox full');
  assert.ok(e instanceof MailError);
  assert.equal(e.code, 'OverQuota');
  assert.ok(isMailError(e, 'OverQuota'));
  assert.ok(!isMailError(e, 'NotFound'));
  assert.ok(!isMailError(new Error('x')));
});
