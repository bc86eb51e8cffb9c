import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  makeDummyHash,
  needsRehash,
  parsePasswordHash,
  verifyPassword,
} from '../../src/auth/password.js';
import {
  checkPasswordStrength,
  generatePassword,
  isGeneratedPassword,
  MIN_PASSWORD_LENGTH,
} from '../../src/auth/password-policy.js';

// Cheap parameters keep the suite fast where the cost itself is not under test.
const FAST = { ln: 4, r: 8, p: 1 };

test('hash has the PHC scrypt shape with default parameters', async () => {
  const h = await hashPassword('correct horse battery');
  assert.match(h, /^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  const parsed = parsePasswordHash(h);
  assert.deepEqual(parsed?.params, DEFAULT_SCRYPT_PARAMS);
  assert.equal(parsed?.salt.length, 16);
  assert.equal(parsed?.hash.length, 32);
});

test('default cost stays within a sensible time budget', async () => {
  const t = performance.now();
  await hashPassword('timing-check-password');
  const ms = performance.now() - t;
  // ~50 ms on the reference machine; fail only when wildly off (too cheap or unusable).
  assert.ok(ms > 5 && ms < 2000, `hash took ${ms} ms`);
});

test('verify accepts the right password and refuses others', async () => {
  const h = await hashPassword('s3cret-Pässword', FAST);
  assert.equal(await verifyPassword('s3cret-Pässword', h), true);
  assert.equal(await verifyPassword('s3cret-Pässwore', h), false);
  assert.equal(await verifyPassword('', h), false);
  assert.equal(await verifyPassword('S3cret-Pässword', h), false);
});

test('two hashes of one password differ (random salt) and both verify', async () => {
  const a = await hashPassword('same password', FAST);
  const b = await hashPassword('same password', FAST);
  assert.notEqual(a, b);
  assert.ok(await verifyPassword('same password', a));
  assert.ok(await verifyPassword('same password', b));
});

test('passwords are NFC-normalised: composed and decomposed forms match', async () => {
  const composed = 'caf\u00e9-au-lait';
  const decomposed = 'cafe\u0301-au-lait';
  const h = await hashPassword(composed, FAST);
  assert.ok(await verifyPassword(decomposed, h));
});

test('verify is false, never a throw, for malformed stored hashes', async () => {
  for (const bad of [
    '',
    'plaintext',
    '$scrypt$ln=4,r=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '$scrypt$ln=20,r=32,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', // 4 GiB
    '$scrypt$ln=4,r=8,p=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '$scrypt$ln=4,r=8,p=1$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  ]) {
    assert.equal(await verifyPassword('anything', bad), false, bad);
    assert.equal(needsRehash(bad), true, bad);
  }
});

test('oversized passwords are refused by hash and never verify', async () => {
  const huge = 'x'.repeat(2000);
  await assert.rejects(hashPassword(huge, FAST), /longer than/);
  await assert.rejects(hashPassword('', FAST), /empty/);
  const h = await hashPassword('x'.repeat(1000), FAST);
  assert.equal(await verifyPassword(huge, h), false);
});

test('needsRehash is true for weaker parameters and false for current ones', async () => {
  const weak = await hashPassword('pw-for-rehash', FAST);
  assert.equal(needsRehash(weak), true);
  assert.equal(needsRehash(weak, FAST), false);
  const current = await hashPassword('pw-for-rehash');
  assert.equal(needsRehash(current), false);
  // Stronger than today's default does not need a rehash.
  assert.equal(needsRehash(current, { ln: 12, r: 8, p: 1 }), false);
});

test('dummy hash has the real format and never verifies', async () => {
  const d = makeDummyHash(FAST);
  assert.ok(parsePasswordHash(d));
  assert.equal(await verifyPassword('', d), false);
  assert.equal(await verifyPassword('whatever', d), false);
});

test('generated passwords are readable, random and pass the strength check', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const pw = generatePassword();
    assert.match(pw, /^[a-z2-9]{6}(-[a-z2-9]{6}){3}$/);
    assert.doesNotMatch(pw, /[01ilo]/);
    assert.ok(isGeneratedPassword(pw));
    assert.deepEqual(checkPasswordStrength(pw, 'alice@example.test'), { ok: true });
    seen.add(pw);
  }
  assert.equal(seen.size, 200);
});

test('strength check gives a clear reason for weak passwords', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['short1', /too short \(6 characters, at least 10/],
    ['alice@example.test', /same as the address/],
    ['ALICEALICE', /same as the address/],
    ['Password123', /commonly used/],
    ['qwertyuiop', /commonly used|sequence/],
    ['zzzzzzzzzzzz', /repeated/],
    ['3456789012', /sequence/],
    ['lmnopqrstu', /sequence/],
    ['tab\there-and-long', /control characters/],
    [' leading-space-pw', /space/],
    ['y'.repeat(1025), /longer than/],
  ];
  for (const [pw, re] of cases) {
    const r = checkPasswordStrength(
      pw,
      pw === 'ALICEALICE' ? 'alicealice@example.test' : 'alice@example.test',
    );
    assert.equal(r.ok, false, pw);
    if (!r.ok) assert.match(r.reason, re, pw);
  }
  assert.equal(MIN_PASSWORD_LENGTH, 10);
  assert.deepEqual(checkPasswordStrength('blue-Harbor-77-kites'), { ok: true });
  // Unicode characters count as characters, not bytes.
  assert.equal(checkPasswordStrength('ééééé').ok, false);
  assert.deepEqual(checkPasswordStrength('ééééé-ñandú'), { ok: true });
});
