import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { NONE, orNull, parseLimit, parsePort, parseSize } from '../../src/cli/options.js';

test('parsePort accepts 0 to 65535 and nothing else', () => {
  assert.equal(parsePort('0'), 0);
  assert.equal(parsePort('993'), 993);
  assert.equal(parsePort('65535'), 65535);
  for (const bad of ['65536', '-1', '1.5', 'x', '', ' 25', '0x19', '100000'])
    assert.throws(() => parsePort(bad), InvalidArgumentError, bad);
});

test('parseSize reads binary units and none', () => {
  const cases: [string, number | typeof NONE][] = [
    ['1048576', 1048576],
    ['500M', 500 * 1024 ** 2],
    ['2G', 2 * 1024 ** 3],
    ['2gb', 2 * 1024 ** 3],
    ['1.5K', 1536],
    ['10 MB', 10 * 1024 ** 2],
    ['1T', 1024 ** 4],
    ['none', NONE],
    ['Unlimited', NONE],
  ];
  for (const [input, want] of cases) assert.equal(parseSize(input), want, input);
  for (const bad of ['lots', '5X', '-1G', 'G', ''])
    assert.throws(() => parseSize(bad), InvalidArgumentError, bad);
});

test('parseLimit reads whole numbers and none; orNull maps none to null', () => {
  assert.equal(parseLimit('30'), 30);
  assert.equal(parseLimit('0'), 0);
  assert.equal(parseLimit('none'), NONE);
  for (const bad of ['1.5', '-3', 'ten']) assert.throws(() => parseLimit(bad), InvalidArgumentError, bad);
  assert.equal(orNull(NONE), null);
  assert.equal(orNull(7), 7);
});
