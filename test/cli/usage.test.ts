// The command line as a user meets it: help everywhere, and every mistake as ONE line
// on stderr with a non-zero exit code and no stack trace.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SERVE_FLAGS } from '../../src/config/flags.js';
import { type CliResult, runPostroom } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'postroom-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function assertOneLineError(r: CliResult, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^postroom: [^\n]+\n$/, `one line on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, 'no stack trace');
}

test('postroom --help names every command', async () => {
  const r = await runPostroom(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['serve', 'user', 'alias', 'domain']) assert.match(r.stdout, new RegExp(`\\n  ${c}\\b`));
});

test('every command has --help describing its flags', async () => {
  const cases: [string[], string[]][] = [
    [['serve'], SERVE_FLAGS.map((f) => `--${f.name}`).concat('--config')],
    [
      ['user', 'add'],
      ['--password', '--data', '--store', '--config', 'ADDRESS'],
    ],
    [
      ['user', 'passwd'],
      ['--password', '--data'],
    ],
    [
      ['user', 'del'],
      ['--data', 'ADDRESS'],
    ],
    [
      ['user', 'list'],
      ['--data', '--domain'],
    ],
    [
      ['user', 'set'],
      [
        '--quota',
        '--imap',
        '--no-pop',
        '--expunge-mode',
        '--no-sent-copy',
        '--pop-scope',
        '--pop-on-download',
        '--pop-on-delete',
        '--no-pop-offer-again',
        '--pop-delete-after-days',
      ],
    ],
    [
      ['user', 'app-password', 'add'],
      ['--name', '--protocols'],
    ],
    [['user', 'app-password', 'list'], ['--data']],
    [['user', 'app-password', 'del'], ['--name']],
    [
      ['alias', 'add'],
      ['ADDRESS', 'TARGET', '--data'],
    ],
    [
      ['alias', 'del'],
      ['ADDRESS', '--data'],
    ],
    [['alias', 'list'], ['--data']],
    [
      ['domain', 'add'],
      ['DOMAIN', '--data'],
    ],
    [['domain', 'del'], ['DOMAIN']],
    [['domain', 'list'], ['--data']],
    [['user'], ['add', 'passwd', 'del', 'list', 'set', 'app-password']],
    [['alias'], ['add', 'del', 'list']],
    [['domain'], ['add', 'del', 'list']],
  ];
  await Promise.all(
    cases.map(async ([cmd, words]) => {
      const r = await runPostroom([...cmd, '--help']);
      assert.equal(r.code, 0, cmd.join(' '));
      assert.equal(r.stderr, '');
      for (const w of words) assert.ok(r.stdout.includes(w), `${cmd.join(' ')} --help mentions ${w}`);
    }),
  );
});

test('--version prints the package version', async () => {
  const r = await runPostroom(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('usage mistakes exit 2 with one line', async () => {
  assertOneLineError(await runPostroom(['bogus']), 2, /unknown command 'bogus'/);
  assertOneLineError(await runPostroom(['serve', '--imap-port', '99999']), 2, /--imap-port.*0 to 65535/);
  assertOneLineError(await runPostroom(['serve', '--imap-port', 'x']), 2, /--imap-port/);
  assertOneLineError(await runPostroom(['serve', '--bogus']), 2, /unknown option '--bogus'/);
  assertOneLineError(await runPostroom(['user', 'add']), 2, /missing required argument 'ADDRESS'/);
  assertOneLineError(
    await runPostroom(['alias', 'add', 'a@x.test']),
    2,
    /missing required argument 'TARGET'/,
  );
  assertOneLineError(
    await runPostroom(['user', 'set', 'a@x.test', '--expunge-mode', 'shred']),
    2,
    /--expunge-mode.*delete, trash/,
  );
  assertOneLineError(
    await runPostroom(['user', 'app-password', 'add', 'a@x.test', '--name', 'p', '--protocols', 'imap,ftp']),
    2,
    /--protocols/,
  );
  assertOneLineError(await runPostroom(['user', 'app-password', 'add', 'a@x.test']), 2, /--name/);
  assertOneLineError(await runPostroom(['user', 'set', 'a@x.test', '--quota', 'lots']), 2, /--quota.*500M/);
});

test('a missing password is one line and exit 1', async () => {
  assertOneLineError(
    await runPostroom(['user', 'add', 'a@x.test', '--data', join(tmp, 'd1')]),
    1,
    /missing --password/,
  );
  assertOneLineError(
    await runPostroom(['user', 'passwd', 'a@x.test', '--password', '-', '--data', join(tmp, 'd1')], {
      input: '',
    }),
    1,
    /empty password on standard input/,
  );
});

test('user set with nothing to change is refused', async () => {
  assertOneLineError(
    await runPostroom(['user', 'set', 'a@x.test', '--data', join(tmp, 'd1')]),
    1,
    /nothing to change/,
  );
});

test('a data dir that cannot be used is one line and exit 1', async () => {
  const file = join(tmp, 'a-file');
  writeFileSync(file, 'x');
  assertOneLineError(
    await runPostroom(['user', 'list', '--data', file]),
    1,
    /data directory .*a-file.*a file is in the way/,
  );
  assertOneLineError(
    await runPostroom(['domain', 'list', '--data', join(file, 'below')]),
    1,
    /cannot create data directory .*a file is in the way/,
  );
});

test('configuration mistakes are one line and exit 1', async () => {
  assertOneLineError(
    await runPostroom(['serve', '--config', join(tmp, 'missing.json')]),
    1,
    /cannot read config file .*missing\.json: no such file/,
  );
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ports: { imap: 'many' } }));
  assertOneLineError(await runPostroom(['serve', '--config', bad]), 1, /ports\.imap/);
  assertOneLineError(
    await runPostroom(['serve', '--hostname', 'no spaces']),
    1,
    /hostname: must be a host name/,
  );
  assertOneLineError(
    await runPostroom(['serve', '--tls-cert', join(tmp, 'c.pem'), '--data', join(tmp, 'd2')]),
    1,
    /tls\.cert and tls\.key/,
  );
});

test('--store postgres:// says it is not available yet', async () => {
  assertOneLineError(
    await runPostroom(['user', 'list', '--data', join(tmp, 'd3'), '--store', 'postgres://db/mail']),
    1,
    /PostgreSQL store is not available yet/,
  );
  assertOneLineError(
    await runPostroom(['serve', '--dev', '--data', join(tmp, 'd3'), '--store', 'postgresql://db/mail']),
    1,
    /PostgreSQL store is not available yet/,
  );
});
