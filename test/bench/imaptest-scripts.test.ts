import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseImaptestScripted } from '../../bench/lib/imaptest.js';
import { classify, listScriptedTests, summarizeScripts } from '../../bench/postroom/imaptest-scripts.js';

const summary = (groups: string, base: string, ext: string) =>
  parseImaptestScripted(
    `1 test groups: ${groups} skipped due to missing capabilities\nbase protocol: ${base} individual commands failed\nextensions: ${ext} individual commands failed\n`,
  );

test('a test passes only with no failed group or command', () => {
  assert.equal(classify(summary('0 failed, 0', '0/25', '0/0')).status, 'pass');
  const f = classify(summary('1 failed, 0', '3/25', '0/4'));
  assert.equal(f.status, 'fail');
  assert.equal(f.detail, '3/25 base, 0/4 extension commands failed');
  assert.equal(classify(summary('0 failed, 1', '0/0', '0/0')).status, 'skipped');
  // no command ran at all (the server lacks the extension): not a pass
  assert.equal(classify(summary('0 failed, 0', '0/0', '0/0')).status, 'skipped');
});

test('the test list leaves out mbox inputs and folders', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-scripts-'));
  after(() => rm(dir, { recursive: true, force: true }));
  for (const f of ['fetch', 'fetch.mbox', 'append', '.hidden']) await writeFile(join(dir, f), '');
  await mkdir(join(dir, 'broken'));
  assert.deepEqual(await listScriptedTests(dir), ['append', 'fetch']);
});

test('the summary counts each outcome', () => {
  const r = (status: 'pass' | 'fail' | 'skipped' | 'error') => ({
    name: 'x',
    status,
    detail: '',
    file: null,
  });
  assert.equal(
    summarizeScripts([r('pass'), r('pass'), r('fail'), r('error')]),
    '4 scripted tests: 2 pass, 1 fail, 0 skipped, 1 could not run',
  );
});
