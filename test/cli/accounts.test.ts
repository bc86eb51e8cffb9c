// user, app-password, alias and domain commands run as real processes on one data dir.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type CliResult, runPostroom } from '../helpers/cli.js';

const data = join(mkdtempSync(join(tmpdir(), 'postroom-cli-accounts-')), 'data');
after(() => rmSync(join(data, '..'), { recursive: true, force: true }));

const PW = 'plenty long passphrase 1';
const run = (...args: string[]) => runPostroom([...args, '--data', data]);

function ok(r: CliResult): string {
  assert.equal(r.code, 0, `exit code 0; stderr: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return r.stdout;
}

function fails(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `exit 1; stdout: ${r.stdout}`);
  assert.match(r.stderr, /^postroom: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
}

test('users: add (creating the domain), list, passwd, del, and their mistakes', async () => {
  assert.equal(
    ok(await run('user', 'add', 'Alice@Example.TEST', '--password', PW)),
    'created alice@example.test\n',
  );
  assert.equal(ok(await run('domain', 'list')), 'example.test\n');
  fails(await run('user', 'add', 'alice@example.test', '--password', PW), /alice@example\.test exists/);
  fails(await run('user', 'add', 'bob@example.test', '--password', 'short'), /password refused: .*too short/);
  fails(await run('user', 'add', 'not-an-address', '--password', PW), /invalid address/);
  fails(await run('user', 'add', 'a b@example.test', '--password', PW), /invalid local part/);
  ok(
    await runPostroom(['user', 'add', 'bob@example.test', '--password', '-', '--data', data], {
      input: `${PW}\n`,
    }),
  );
  assert.equal(
    ok(await run('user', 'list')),
    'alice@example.test\tmessages=0/unlimited\tbytes=0/unlimited\nbob@example.test\tmessages=0/unlimited\tbytes=0/unlimited\n',
  );
  assert.equal(
    ok(await run('user', 'passwd', 'alice@example.test', '--password', `${PW}x`)),
    'password changed for alice@example.test\n',
  );
  fails(
    await run('user', 'passwd', 'nobody@example.test', '--password', PW),
    /no such user: nobody@example\.test/,
  );
  fails(
    await run('user', 'passwd', 'alice@example.test', '--password', 'alice@example.test'),
    /password refused/,
  );
  assert.equal(ok(await run('user', 'del', 'bob@example.test')), 'deleted bob@example.test\n');
  fails(await run('user', 'del', 'bob@example.test'), /no such user/);
  assert.doesNotMatch(ok(await run('user', 'list')), /bob/);
});

test('user set changes quota and settings and prints them', async () => {
  await run('user', 'add', 'carol@example.test', '--password', PW);
  const out = ok(
    await run(
      'user',
      'set',
      'carol@example.test',
      '--quota',
      '2G',
      '--quota-messages',
      '5000',
      '--no-pop',
      '--expunge-mode',
      'trash',
      '--no-sent-copy',
      '--pop-scope',
      'all',
      '--pop-on-download',
      'keep',
      '--pop-on-delete',
      'archive',
      '--no-pop-offer-again',
      '--pop-delete-after-days',
      '30',
    ),
  );
  for (const line of [
    'quotaBytes=2147483648',
    'quotaMessages=5000',
    'imapEnabled=true',
    'popEnabled=false',
    'expungeMode="trash"',
    'sentCopy=false',
    'pop.scope="all"',
    'pop.onDownload="keep"',
    'pop.onDelete="archive"',
    'pop.offerAgain=false',
    'pop.deleteAfterDays=30',
  ])
    assert.ok(out.split('\n').includes(line), line);
  // settings persist and a later change keeps the others
  const again = ok(
    await run(
      'user',
      'set',
      'carol@example.test',
      '--quota',
      'none',
      '--pop',
      '--pop-delete-after-days',
      'none',
    ),
  );
  for (const line of [
    'quotaBytes=null',
    'quotaMessages=5000',
    'popEnabled=true',
    'expungeMode="trash"',
    'pop.deleteAfterDays=null',
  ])
    assert.ok(again.split('\n').includes(line), line);
  assert.match(ok(await run('user', 'list')), /carol@example\.test\tmessages=0\/5000\tbytes=0\/unlimited/);
  fails(await run('user', 'set', 'nobody@example.test', '--no-imap'), /no such user/);
  fails(await run('user', 'set', 'carol@example.test', '--pop-delete-after-days', '0'), /deleteAfterDays/);
});

test('app passwords: add shows it once, list never shows it, del revokes', async () => {
  await run('user', 'add', 'dave@example.test', '--password', PW);
  const out = ok(
    await run(
      'user',
      'app-password',
      'add',
      'dave@example.test',
      '--name',
      'phone',
      '--protocols',
      'smtp,imap',
    ),
  );
  const m = /^app password 'phone' for dave@example\.test: (\S+)\n/.exec(out);
  assert.ok(m, out);
  const list = ok(await run('user', 'app-password', 'list', 'dave@example.test'));
  assert.match(list, /^phone\tprotocols=imap,smtp\tcreated=\d{4}-\d\d-\d\dT[\d:]+Z\tlast-used=never\n$/);
  assert.ok(!list.includes(m[1]!), 'the password is not listed');
  fails(
    await run('user', 'app-password', 'add', 'dave@example.test', '--name', 'phone'),
    /already has an app password named 'phone'/,
  );
  fails(await run('user', 'app-password', 'add', 'nobody@example.test', '--name', 'x'), /no such user/);
  ok(await run('user', 'app-password', 'add', 'dave@example.test', '--name', 'laptop'));
  assert.equal(
    ok(await run('user', 'app-password', 'del', 'dave@example.test', '--name', 'phone')),
    "revoked app password 'phone' of dave@example.test\n",
  );
  assert.match(
    ok(await run('user', 'app-password', 'list', 'dave@example.test')),
    /^laptop\tprotocols=all\t/,
  );
  fails(
    await run('user', 'app-password', 'del', 'dave@example.test', '--name', 'phone'),
    /no app password named phone/,
  );
});

test('aliases and domains', async () => {
  await run('user', 'add', 'erin@example.test', '--password', PW);
  ok(await run('alias', 'add', 'Sales@Example.test', 'erin@example.test'));
  ok(await run('alias', 'add', '@example.test', 'erin@example.test'));
  fails(
    await run('alias', 'add', 'x@elsewhere.test', 'erin@example.test'),
    /not a local domain: elsewhere\.test/,
  );
  fails(await run('alias', 'add', 'x@example.test', 'not an address'), /invalid/);
  assert.equal(
    ok(await run('alias', 'list')),
    '@example.test\terin@example.test\nsales@example.test\terin@example.test\n',
  );
  ok(await run('alias', 'del', 'sales@example.test'));
  fails(await run('alias', 'del', 'sales@example.test'), /no such alias/);

  const added = ok(await run('domain', 'add', 'Other.TEST', '--hostname', 'mail.other.test'));
  assert.match(added, /^added domain other\.test\n/);
  assert.match(added, /^other\.test\. 3600 IN MX 10 mail\.other\.test\.$/m);
  const dkim = /^(pr\d{6})\._domainkey\.other\.test\. 3600 IN TXT "v=DKIM1; k=rsa; p=/m.exec(added);
  assert.ok(dkim, 'a DKIM record');
  // `domain dns` prints the same records again (the same key).
  const again = ok(await run('domain', 'dns', 'other.test', '--hostname', 'mail.other.test'));
  assert.ok(added.endsWith(again));
  fails(await run('domain', 'dns', 'nowhere.test'), /not a local domain/);
  fails(await run('domain', 'add', 'other.test'), /exists/);
  fails(await run('domain', 'add', 'bad_domain!'), /invalid domain/);
  assert.equal(ok(await run('domain', 'list')), 'example.test\nother.test\n');
  fails(await run('domain', 'del', 'example.test'), /example\.test/);
  ok(await run('domain', 'del', 'other.test'));
  fails(await run('domain', 'del', 'other.test'), /no such domain/);
});
