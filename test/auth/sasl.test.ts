import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  authzidAllowed,
  decodeSaslBase64,
  isSaslMechanism,
  SASL_MECHANISMS,
  SaslExchange,
  type SaslResult,
} from '../../src/auth/sasl/index.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function done(r: SaslResult) {
  assert.equal(r.type, 'done', JSON.stringify(r));
  if (r.type !== 'done') throw new Error('unreachable');
  return r.credentials;
}
function errorCode(r: SaslResult): string {
  assert.equal(r.type, 'error', JSON.stringify(r));
  return r.type === 'error' ? r.code : '';
}

test('PLAIN: RFC 4954 §4 example with initial response (authzid equal to authcid)', () => {
  // S: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=  ->  "test\0test\01234"
  const creds = done(new SaslExchange().start('PLAIN', 'dGVzdAB0ZXN0ADEyMzQ='));
  assert.deepEqual(creds, { username: 'test', password: '1234', authzid: 'test' });
});

test('PLAIN: RFC 4616 §4 example 1, empty authzid', () => {
  const creds = done(new SaslExchange().start('plain', b64('\0tim\0tanstaaftanstaaf')));
  assert.deepEqual(creds, { username: 'tim', password: 'tanstaaftanstaaf', authzid: null });
});

test('PLAIN: RFC 4616 §4 example 2, authzid of another user is refused', () => {
  const r = new SaslExchange().start('PLAIN', b64('Ursel\0Kurt\0xipj3plmq'));
  assert.equal(errorCode(r), 'authzid-not-allowed');
});

test('PLAIN: authzid compared case-insensitively (addresses)', () => {
  const creds = done(new SaslExchange().start('PLAIN', b64('Alice@Example.test\0alice@example.test\0pw')));
  assert.equal(creds.username, 'alice@example.test');
  assert.ok(authzidAllowed(null, 'x'));
  assert.ok(!authzidAllowed('y', 'x'));
});

test('PLAIN without initial response: empty challenge, then the message', () => {
  const sasl = new SaslExchange();
  const r1 = sasl.start('PLAIN');
  assert.deepEqual(r1, { type: 'challenge', challenge: '' });
  assert.ok(sasl.active);
  const creds = done(sasl.step(b64('\0bob@example.test\0pässwörd')));
  assert.deepEqual(creds, { username: 'bob@example.test', password: 'pässwörd', authzid: null });
  assert.ok(!sasl.active);
});

test('PLAIN: malformed messages give clear errors, never throws', () => {
  const bad = [
    '=', // empty
    b64('no-nuls-at-all'),
    b64('\0only-one-nul'),
    b64('a\0b\0c\0d'), // three NULs
    b64('\0\0password'), // empty authcid
    b64('\0user\0'), // empty password
    Buffer.from([0, 0x75, 0, 0xff, 0xfe]).toString('base64'), // invalid UTF-8
    b64(`\0${'u'.repeat(2000)}\0pw`),
    'not base64!',
    'QUJD', // "ABC": no NULs
    'QUJ', // bad length
    'QU=J',
  ];
  for (const ir of bad) assert.equal(errorCode(new SaslExchange().start('PLAIN', ir)), 'malformed', ir);
});

test('LOGIN: prompts are exactly base64 "Username:" and "Password:"', () => {
  const sasl = new SaslExchange();
  assert.deepEqual(sasl.start('LOGIN'), { type: 'challenge', challenge: 'VXNlcm5hbWU6' });
  assert.deepEqual(sasl.step(b64('carol@example.test')), { type: 'challenge', challenge: 'UGFzc3dvcmQ6' });
  const creds = done(sasl.step(b64('hunter2-hunter2')));
  assert.deepEqual(creds, { username: 'carol@example.test', password: 'hunter2-hunter2', authzid: null });
});

test('LOGIN: initial response carries the user name (AUTH LOGIN <b64user>)', () => {
  const sasl = new SaslExchange();
  assert.deepEqual(sasl.start('LOGIN', b64('dave@example.test')), {
    type: 'challenge',
    challenge: 'UGFzc3dvcmQ6',
  });
  assert.equal(done(sasl.step(b64('pw pw pw'))).password, 'pw pw pw');
});

test('LOGIN: an empty initial response ("=") behaves like none', () => {
  assert.deepEqual(new SaslExchange().start('LOGIN', '='), { type: 'challenge', challenge: 'VXNlcm5hbWU6' });
});

test('LOGIN: empty or non-UTF-8 fields are malformed', () => {
  const s1 = new SaslExchange();
  s1.start('LOGIN');
  assert.equal(errorCode(s1.step('=')), 'malformed');
  const s2 = new SaslExchange();
  s2.start('LOGIN', b64('u@example.test'));
  assert.equal(errorCode(s2.step(Buffer.from([0xc3]).toString('base64'))), 'malformed');
});

test('"*" cancels at any point, including as an initial response', () => {
  const sasl = new SaslExchange();
  sasl.start('LOGIN');
  assert.equal(errorCode(sasl.step('*')), 'cancelled');
  assert.ok(!sasl.active);
  assert.equal(errorCode(new SaslExchange().start('PLAIN', '*')), 'cancelled');
  const s2 = new SaslExchange();
  s2.start('PLAIN');
  assert.equal(errorCode(s2.step('*')), 'cancelled');
});

test('unknown mechanism, stray responses and oversized responses', () => {
  const sasl = new SaslExchange();
  assert.equal(errorCode(sasl.start('CRAM-MD5')), 'unsupported-mechanism');
  assert.equal(errorCode(sasl.step('QUJD')), 'unexpected');
  sasl.start('PLAIN');
  assert.equal(errorCode(sasl.step('A'.repeat(9000))), 'malformed');
  // The exchange is reusable after an error.
  assert.equal(done(sasl.start('PLAIN', b64('\0u\0p'))).username, 'u');
  assert.ok(isSaslMechanism('login'));
  assert.ok(!isSaslMechanism('XOAUTH2'));
  assert.deepEqual([...SASL_MECHANISMS], ['PLAIN', 'LOGIN']);
});

test('strict base64 refuses what Buffer.from would silently accept', () => {
  assert.deepEqual(decodeSaslBase64('='), Buffer.alloc(0));
  assert.equal(decodeSaslBase64(''), null);
  assert.equal(decodeSaslBase64('QUJD RA=='), null);
  assert.equal(decodeSaslBase64('QUJDRA'), null);
  assert.equal(decodeSaslBase64('QUJDRA==')?.toString(), 'ABCD');
  assert.equal(decodeSaslBase64('QUJDRA='), null);
});

test('random input never throws and always yields a well-formed result', () => {
  // Deterministic pseudo-random generator so a failure can be replayed.
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= *\0\r\n\u00e9';
  const randomText = () => Array.from({ length: rnd(40) }, () => alphabet[rnd(alphabet.length)]).join('');
  const randomB64 = () => Buffer.from(Array.from({ length: rnd(40) }, () => rnd(256))).toString('base64');
  for (let i = 0; i < 2000; i++) {
    const sasl = new SaslExchange();
    const mech = ['PLAIN', 'LOGIN', 'plain', 'X'][rnd(4)]!;
    let r = sasl.start(mech, rnd(3) === 0 ? undefined : rnd(2) ? randomB64() : randomText());
    for (let steps = 0; r.type === 'challenge' && steps < 5; steps++)
      r = sasl.step(rnd(2) ? randomB64() : randomText());
    assert.ok(['challenge', 'done', 'error'].includes(r.type));
    if (r.type === 'done') {
      assert.ok(r.credentials.username.length > 0 && r.credentials.password.length > 0);
      assert.ok(!r.credentials.username.includes('\0') && !r.credentials.password.includes('\0'));
    }
    if (r.type === 'error') assert.ok(r.message.length > 0);
  }
});
