// CONTRACT: the user/alias/domain commands work while a server runs on the same data
// dir, and the server sees each change without a restart. The server here is the app
// in this process; the commands are real `postroom` processes. Checks go through the
// server's own authenticator and core, as a protocol login would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AuthRequest } from '../../src/auth/authenticator.js';
import { runPostroom } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ modules: [] });
});
after(() => srv.stop());

const PW = 'plenty long passphrase 1';

async function cli(...args: string[]): Promise<string> {
  const r = await runPostroom([...args, '--data', srv.dataDir]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

function login(username: string, password: string, protocol: AuthRequest['protocol'] = 'imap') {
  return srv.app.auth.authenticate({
    username,
    password,
    protocol,
    remoteAddress: '127.0.0.1',
    secure: true,
  });
}

test('a user added by the CLI can log in to the running server at once', async () => {
  assert.equal((await login('frank@example.test', PW)).ok, false);
  await cli('user', 'add', 'frank@example.test', '--password', PW);
  const r = await login('frank@example.test', PW);
  assert.ok(r.ok, JSON.stringify(r));
  assert.ok(await srv.core.accounts.getUser('frank@example.test'));
});

test('a password change, protocol switch, app password and deletion count at once', async () => {
  await cli('user', 'add', 'gina@example.test', '--password', PW);
  assert.ok((await login('gina@example.test', PW)).ok);

  await cli('user', 'passwd', 'gina@example.test', '--password', `${PW} new`);
  assert.deepEqual(await login('gina@example.test', PW), { ok: false, reason: 'bad-credentials' });
  assert.ok((await login('gina@example.test', `${PW} new`)).ok);

  await cli('user', 'set', 'gina@example.test', '--no-pop');
  assert.equal((await login('gina@example.test', `${PW} new`, 'pop3')).ok, false);
  assert.ok((await login('gina@example.test', `${PW} new`, 'imap')).ok);

  const out = await cli(
    'user',
    'app-password',
    'add',
    'gina@example.test',
    '--name',
    'phone',
    '--protocols',
    'smtp',
  );
  const app = /: (\S+)\n/.exec(out)![1]!;
  const viaApp = await login('gina@example.test', app, 'smtp');
  assert.ok(viaApp.ok && viaApp.via === 'app-password', JSON.stringify(viaApp));
  assert.equal((await login('gina@example.test', app, 'imap')).ok, false, 'limited to smtp');
  await cli('user', 'app-password', 'del', 'gina@example.test', '--name', 'phone');
  assert.equal((await login('gina@example.test', app, 'smtp')).ok, false, 'revoked');

  await cli('user', 'del', 'gina@example.test');
  assert.equal((await login('gina@example.test', `${PW} new`)).ok, false);
});

test('aliases and domains added by the CLI resolve in the running server', async () => {
  await cli('alias', 'add', 'team@example.test', 'test@example.test');
  const r = await srv.core.accounts.resolveRecipient('team@example.test');
  assert.deepEqual(
    r.local.map((l) => l.user.address),
    ['test@example.test'],
  );
  await cli('domain', 'add', 'second.test');
  assert.ok(await srv.core.accounts.isLocalDomain('second.test'));
});
