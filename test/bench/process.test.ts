import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runProgram } from '../../bench/lib/process.js';

test('output is captured and handed over line by line', async () => {
  const lines: string[] = [];
  const r = await runProgram(
    process.execPath,
    ['-e', 'process.stdout.write("a\\nb\\r\\nc"); process.stderr.write("err"); process.exitCode = 3'],
    { timeoutMs: 10_000, onLine: (l) => lines.push(l) },
  );
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'a\nb\r\nc');
  assert.equal(r.stderr, 'err');
  assert.deepEqual(lines, ['a', 'b', 'c']);
  assert.equal(r.timedOut, false);
});

test('a program running too long is killed', async () => {
  const r = await runProgram(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 200 });
  assert.equal(r.timedOut, true);
  assert.equal(r.signal, 'SIGTERM');
});

test('a missing program is an error, not a crash', async () => {
  await assert.rejects(
    runProgram('/nonexistent/tool', [], { timeoutMs: 1000 }),
    /cannot run \/nonexistent\/tool/,
  );
});
