import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAppPassword, parseAppPasswordProtocols } from '../../src/auth/app-passwords.js';
import {
  Authenticator,
  type AuthenticatorOptions,
  type AuthRequest,
  type AuthResult,
  type CredentialAppPassword,
  type CredentialSource,
  type CredentialUser,
} from '../../src/auth/authenticator.js';
import { describeAuthFailure } from '../../src/auth/messages.js';
import { hashPassword, parsePasswordHash, verifyPassword } from '../../src/auth/password.js';

const FAST = { ln: 4, r: 8, p: 1 };

/** An in-memory account service, counting what the authenticator asks of it. */
class MemorySource implements CredentialSource {
  users = new Map<string, CredentialUser>();
  apps = new Map<number, CredentialAppPassword[]>();
  touched: number[] = [];
  lookups = 0;
  replacePasswordHash?: (userId: number, oldHash: string, newHash: string) => Promise<boolean>;
  async getUser(address: string) {
    this.lookups++;
    return this.users.get(address) ?? null;
  }
  async listAppPasswords(userId: number) {
    return this.apps.get(userId) ?? [];
  }
  async touchAppPassword(id: number) {
    this.touched.push(id);
  }
}

async function setup(extra: Partial<AuthenticatorOptions> = {}) {
  const source = new MemorySource();
  source.users.set('alice@example.test', {
    id: 1,
    address: 'alice@example.test',
    passwordHash: await hashPassword('alice-main-password', FAST),
    settings: {},
  });
  let t = 5_000_000;
  const slept: number[] = [];
  const details: { cached: boolean; waitedMs: number }[] = [];
  const auth = new Authenticator({
    source,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    onResult: (_req, _res, d) => details.push(d),
    ...extra,
  });
  return { source, auth, slept, details, advance: (ms: number) => (t += ms) };
}

const req = (over: Partial<AuthRequest> = {}): AuthRequest => ({
  username: 'alice@example.test',
  password: 'alice-main-password',
  protocol: 'imap',
  remoteAddress: '192.0.2.1',
  secure: true,
  ...over,
});

const denied = (reason: string) => ({ ok: false, reason });

test('the main password logs in; names compare case-insensitively', async () => {
  const { auth } = await setup();
  const r = await auth.authenticate(req({ username: ' Alice@EXAMPLE.test' }));
  assert.deepEqual(r, { ok: true, userId: 1, address: 'alice@example.test', via: 'password' });
});

test('wrong password and unknown user both give bad-credentials', async () => {
  const { auth } = await setup();
  assert.deepEqual(await auth.authenticate(req({ password: 'nope-nope-nope' })), denied('bad-credentials'));
  assert.deepEqual(
    await auth.authenticate(req({ username: 'mallory@example.test' })),
    denied('bad-credentials'),
  );
  assert.deepEqual(await auth.authenticate(req({ password: '' })), denied('bad-credentials'));
  assert.deepEqual(await auth.authenticate(req({ username: '' })), denied('bad-credentials'));
  const huge = `${'a'.repeat(5000)}@example.test`;
  assert.deepEqual(
    await auth.authenticate(req({ username: huge, remoteAddress: '192.0.2.77' })),
    denied('bad-credentials'),
  );
  assert.ok(auth.stats().accounts <= 3, 'a huge name is not kept as a throttle key');
});

test('plaintext without TLS: refused off loopback, allowed on loopback unless configured', async () => {
  const { auth, source } = await setup();
  const lookups = source.lookups;
  assert.deepEqual(await auth.authenticate(req({ secure: false })), denied('tls-required'));
  assert.equal(source.lookups, lookups, 'password not even looked at');
  for (const addr of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10'])
    assert.equal((await auth.authenticate(req({ secure: false, remoteAddress: addr }))).ok, true, addr);
  assert.equal(auth.plaintextAllowed(false, '10.0.0.1'), false);
  assert.equal(auth.plaintextAllowed(true, '10.0.0.1'), true);

  const strict = (await setup({ allowPlaintext: 'never' })).auth;
  assert.deepEqual(
    await strict.authenticate(req({ secure: false, remoteAddress: '127.0.0.1' })),
    denied('tls-required'),
  );
  const lax = (await setup({ allowPlaintext: 'always' })).auth;
  assert.equal((await lax.authenticate(req({ secure: false, remoteAddress: '203.0.113.5' }))).ok, true);
});

test('repeated logins hit the credential cache; a password change invalidates it at once', async () => {
  const { auth, source, details } = await setup();
  assert.equal((await auth.authenticate(req())).ok, true);
  assert.equal(details.at(-1)?.cached, false);
  const t = performance.now();
  for (let i = 0; i < 100; i++) assert.equal((await auth.authenticate(req())).ok, true);
  assert.equal(details.at(-1)?.cached, true);
  assert.ok(performance.now() - t < 1000);
  // The cache never holds the password itself.
  assert.equal(auth.stats().cachedCredentials, 1);

  // Password changed behind our back (CLI): old one fails now, new one works.
  const user = source.users.get('alice@example.test')!;
  user.passwordHash = await hashPassword('alice-new-password', FAST);
  assert.deepEqual(await auth.authenticate(req()), denied('bad-credentials'));
  assert.equal((await auth.authenticate(req({ password: 'alice-new-password' }))).ok, true);
});

test('the cache expires after its TTL', async () => {
  const { auth, details, advance } = await setup({ cache: { ttlMs: 1000 } });
  await auth.authenticate(req());
  await auth.authenticate(req());
  assert.equal(details.at(-1)?.cached, true);
  advance(1001);
  await auth.authenticate(req());
  assert.equal(details.at(-1)?.cached, false);
});

test('app passwords: protocol restriction, lenient typing, touch, revocation', async () => {
  const { auth, source, advance } = await setup();
  const phone = await createAppPassword();
  const laptop = await createAppPassword();
  assert.notEqual(phone.password, laptop.password);
  assert.ok(await verifyPassword(phone.password, phone.passwordHash));
  source.apps.set(1, [
    { id: 10, name: 'laptop', passwordHash: laptop.passwordHash, protocols: null },
    {
      id: 11,
      name: 'phone',
      passwordHash: phone.passwordHash,
      protocols: parseAppPasswordProtocols('imap,smtp'),
    },
  ]);
  const ok = (r: AuthResult) => (r.ok ? r : assert.fail(JSON.stringify(r)));
  const r1 = ok(await auth.authenticate(req({ password: phone.password })));
  assert.equal(r1.via, 'app-password');
  assert.equal(r1.appPasswordName, 'phone');
  assert.deepEqual(source.touched, [11]);
  assert.equal(
    ok(await auth.authenticate(req({ password: phone.password, protocol: 'smtp' }))).via,
    'app-password',
  );
  assert.deepEqual(
    await auth.authenticate(req({ password: phone.password, protocol: 'pop3' })),
    denied('protocol-disabled'),
  );
  assert.equal(
    ok(await auth.authenticate(req({ password: laptop.password, protocol: 'pop3' }))).appPasswordName,
    'laptop',
  );
  // Typed on a phone keyboard: capitalised, dashes dropped.
  const typed = phone.password.replaceAll('-', ' ').toUpperCase();
  assert.equal(ok(await auth.authenticate(req({ password: typed }))).appPasswordName, 'phone');
  // The last-used date is written at most once a minute per app password.
  assert.deepEqual(source.touched, [11, 10]);
  advance(61_000);
  await auth.authenticate(req({ password: phone.password }));
  assert.deepEqual(source.touched, [11, 10, 11]);
  // A failing write does not fail the login.
  source.touchAppPassword = async () => {
    throw new Error('disk full');
  };
  advance(61_000);
  assert.equal(ok(await auth.authenticate(req({ password: phone.password }))).via, 'app-password');
  // Revoked: gone from the list, so refused although it was cached a moment ago.
  source.apps.set(1, [{ id: 10, name: 'laptop', passwordHash: laptop.passwordHash, protocols: null }]);
  assert.deepEqual(await auth.authenticate(req({ password: phone.password })), denied('bad-credentials'));
  // An app password never logs in another user.
  source.users.set('bob@example.test', {
    id: 2,
    address: 'bob@example.test',
    passwordHash: await hashPassword('bob-password-1', FAST),
    settings: {},
  });
  assert.deepEqual(
    await auth.authenticate(req({ username: 'bob@example.test', password: laptop.password })),
    denied('bad-credentials'),
  );
});

test('protocol list parsing gives clear errors', () => {
  assert.equal(parseAppPasswordProtocols(undefined), null);
  assert.equal(parseAppPasswordProtocols(' '), null);
  assert.deepEqual(parseAppPasswordProtocols(['SMTP', 'imap', 'smtp']), ['imap', 'smtp']);
  assert.throws(() => parseAppPasswordProtocols('imap,ftp'), /unknown protocol "ftp"/);
});

test('disabled accounts and per-account protocol limits apply only after the password matched', async () => {
  const { auth, source } = await setup();
  const user = source.users.get('alice@example.test')!;
  user.settings = { disabled: true };
  assert.deepEqual(await auth.authenticate(req()), denied('disabled'));
  assert.deepEqual(await auth.authenticate(req({ password: 'wrong-password-x' })), denied('bad-credentials'));
  user.settings = { protocols: ['imap', 'http'] };
  assert.equal((await auth.authenticate(req())).ok, true);
  assert.deepEqual(await auth.authenticate(req({ protocol: 'pop3' })), denied('protocol-disabled'));
  // The core's typed switches (src/core/settings.ts).
  user.settings = { imapEnabled: true, popEnabled: false };
  assert.equal((await auth.authenticate(req())).ok, true);
  assert.deepEqual(await auth.authenticate(req({ protocol: 'pop3' })), denied('protocol-disabled'));
  user.settings = { imapEnabled: false };
  assert.deepEqual(await auth.authenticate(req()), denied('protocol-disabled'));
  assert.equal((await auth.authenticate(req({ protocol: 'smtp' }))).ok, true);
});

test('failures are throttled, then refused; the real user from a known-good address is not', async () => {
  const { auth, slept } = await setup();
  assert.equal((await auth.authenticate(req({ remoteAddress: '192.0.2.50' }))).ok, true); // alice at home
  const attacker = { remoteAddress: '203.0.113.66', password: 'guess-guess-guess' };
  const results: AuthResult[] = [];
  for (let i = 0; i < 22; i++) results.push(await auth.authenticate(req(attacker)));
  assert.deepEqual(slept.slice(0, 5), [1000, 2000, 4000, 8000, 15000]);
  assert.equal(results.filter((r) => !r.ok && r.reason === 'bad-credentials').length, 20);
  const last = results.at(-1)!;
  assert.ok(
    !last.ok && last.reason === 'throttled' && (last.retryAfterMs ?? 0) > 60_000,
    JSON.stringify(last),
  );
  // Even the right password is refused from the blocked address...
  const blocked = await auth.authenticate(req({ remoteAddress: '203.0.113.66' }));
  assert.equal(blocked.ok ? 'ok' : blocked.reason, 'throttled');
  // ...while alice at home logs in without any wait.
  const before = slept.length;
  assert.equal((await auth.authenticate(req({ remoteAddress: '192.0.2.50' }))).ok, true);
  assert.equal(slept.length, before);
});

test('a store error propagates and does not leave the throttle locked', async () => {
  const { auth, source } = await setup({ throttle: { freeFailures: 0 } });
  await auth.authenticate(req({ password: 'bad-password-1' })); // one failure: now in back-off
  source.getUser = async () => {
    throw new Error('database is locked');
  };
  await assert.rejects(auth.authenticate(req()), /database is locked/);
  source.getUser = async (a) => source.users.get(a) ?? null;
  assert.equal((await auth.authenticate(req())).ok, true);
});

test('a weaker stored hash is upgraded after a successful login, never over a concurrent change', async () => {
  const { auth, source } = await setup();
  const calls: [number, string, string][] = [];
  source.replacePasswordHash = async (id, oldHash, newHash) => {
    calls.push([id, oldHash, newHash]);
    const u = [...source.users.values()].find((x) => x.id === id)!;
    if (u.passwordHash !== oldHash) return false;
    u.passwordHash = newHash;
    return true;
  };
  const old = source.users.get('alice@example.test')!.passwordHash;
  assert.equal((await auth.authenticate(req())).ok, true);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.[1], old);
  const fresh = source.users.get('alice@example.test')!.passwordHash;
  assert.equal(parsePasswordHash(fresh)?.params.ln, 14);
  assert.ok(await verifyPassword('alice-main-password', fresh));
  // Already strong: no second rehash.
  await auth.authenticate(req({ remoteAddress: '192.0.2.99' }));
  assert.equal(calls.length, 1);
});

test('failure texts are clear and never say which half was wrong', () => {
  assert.equal(
    describeAuthFailure('bad-credentials', 'imap'),
    'Authentication failed: wrong address or password',
  );
  assert.equal(
    describeAuthFailure('throttled', 'smtp', 14_200),
    'Too many failed logins, try again in 15 seconds',
  );
  assert.equal(
    describeAuthFailure('throttled', 'smtp', 300),
    'Too many failed logins, try again in 1 second',
  );
  assert.match(describeAuthFailure('protocol-disabled', 'pop3'), /for POP3$/);
  assert.match(describeAuthFailure('tls-required', 'imap'), /TLS/);
  assert.match(describeAuthFailure('disabled', 'http'), /disabled/);
});
