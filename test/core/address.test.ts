import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeDomain, parseAddress } from '../../src/core/address.js';
import { isMailError } from '../../src/core/errors.js';

test('addresses are lower-cased and domains turned into A-labels', () => {
  assert.equal(parseAddress('Alice@Example.TEST').address, 'alice@example.test');
  assert.equal(parseAddress(' <bob@example.test> ').address, 'bob@example.test');
  assert.equal(parseAddress('jörg@Bücher.example').address, 'jörg@xn--bcher-kva.example');
  assert.equal(normalizeDomain('EXAMPLE.test.'), 'example.test');
  assert.deepEqual(parseAddress('@example.test', true), {
    local: '',
    domain: 'example.test',
    address: '@example.test',
  });
});

test('bad addresses give Invalid', () => {
  for (const bad of [
    'no-at-sign',
    '@example.test',
    'a b@example.test',
    'a..b@example.test',
    '.a@example.test',
    'a@',
    'a@-bad.test',
    'a@exa mple.test',
    `${'x'.repeat(65)}@example.test`,
    `a@${'b'.repeat(64)}.test`,
  ]) {
    assert.throws(
      () => parseAddress(bad),
      (e) => isMailError(e, 'Invalid'),
      bad,
    );
  }
});
