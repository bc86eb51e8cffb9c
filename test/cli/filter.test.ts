// `postroom filter ...`: export/import round trip, and user mistakes as one line on
// stderr with a non-zero exit. Runs the command tree in this process (runCli) over a
// temporary data dir; the live-server behaviour is in test/sieve/e2e-sockets.test.ts.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../src/cli/index.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

let data: string;
const who = 'fay@example.test';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--data', data], {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
  });
  return { code, out, err };
}

before(async () => {
  data = await mkdtemp(join(tmpdir(), 'postroom-cli-filter-'));
  assert.equal((await cli('user', 'add', who, '--password', 'plenty long passphrase 1')).code, 0);
});
after(() => rm(data, { recursive: true, force: true }));

test('filter add / export / import round-trips; the rules script becomes active when none is', async () => {
  assert.deepEqual(await cli('filter', 'list', who), { code: 0, out: 'no filter rules\n', err: '' });
  const add = await cli('filter', 'add', who, '--name', 'Big', '--if-larger', '5M', '--delete');
  assert.equal(add.code, 0, add.err);
  assert.equal(add.out, 'added rule 1 "Big"\n   if size over 5242880 bytes -> delete\n');
  assert.equal(add.err, '', 'no note: the rules are the active script');
  const add2 = await cli(
    'filter',
    'add',
    who,
    '--if-to',
    'team@',
    '--compare',
    'is',
    '--flag',
    '--position',
    '1',
  );
  assert.equal(add2.code, 0, add2.err);
  const exported = await cli('filter', 'export', who);
  const rules = JSON.parse(exported.out) as { name: string }[];
  assert.deepEqual(
    rules.map((r) => r.name),
    ['to is "team@"', 'Big'],
  );
  const file = join(data, 'rules.json');
  await writeFile(file, JSON.stringify(rules.reverse()));
  assert.equal((await cli('filter', 'import', who, file)).out, 'imported 2 rules\n');
  assert.match((await cli('filter', 'list', who)).out, /^1\. Big\n {3}if size over/);
  assert.match((await cli('filter', 'del', who, 'big')).out, /^deleted rule "Big"; 1 left\n$/);

  const store = await openSqliteStore(data);
  try {
    const user = (await store.accounts.getUser(who))!;
    const active = await store.sieve!.activeScript(user.id);
    assert.equal(active?.name, 'rules');
    assert.match(active!.content, /address :all :is \["to", "cc"\] "team@"/);
  } finally {
    await store.close();
  }
});

test('mistakes: one line on stderr, exit code 1', async () => {
  const cases: [string[], RegExp][] = [
    [['filter', 'add', who, '--flag'], /give at least one condition/],
    [['filter', 'add', who, '--if-from', 'x'], /give at least one action/],
    [['filter', 'add', who, '--if-from', 'x', '--delete', '--move-to', 'A'], /contradict/],
    [['filter', 'add', who, '--if-header', 'no colon', '--flag'], /--if-header wants "NAME: TEXT"/],
    [['filter', 'add', who, '--if-from', 'x', '--forward', 'not-an-address'], /is not an address/],
    [['filter', 'del', who, '9'], /no rule 9 \(there is 1 rule\)/],
    [['filter', 'list', 'nobody@example.test'], /no such user/],
    [['filter', 'import', who, join(data, 'missing.json')], /cannot read .*ENOENT/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(...args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.match(r.err, /^postroom: [^\n]*\n$/, 'one line');
  }
  const bad = join(data, 'bad.json');
  await writeFile(
    bad,
    JSON.stringify([{ name: 'x', match: 'allOf', conditions: [], actions: [{ type: 'explode' }] }]),
  );
  const r = await cli('filter', 'import', who, bad);
  assert.equal(r.code, 1);
  assert.match(r.err, /^postroom: bad rules at 0\.actions\.0/);
});

test('a hand-edited rules script is reported, not overwritten', async () => {
  const store = await openSqliteStore(data);
  try {
    const user = (await store.accounts.getUser(who))!;
    await store.sieve!.putScript(user.id, 'rules', 'keep;\n', new Date());
  } finally {
    await store.close();
  }
  const r = await cli('filter', 'add', who, '--if-from', 'x', '--flag');
  assert.equal(r.code, 1);
  assert.match(r.err, /"rules" script was edited by hand/);
});
