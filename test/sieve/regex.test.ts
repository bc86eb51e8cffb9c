import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRegex, execRegex, RegexError } from '../../src/sieve/regex.js';

const m = (p: string, s: string, ci = false) => execRegex(compileRegex(p, ci), s);

test('regex: literals, classes, anchors, alternation, repeats, groups', () => {
  assert.deepEqual(m('b+', 'abbbc'), ['bbb']);
  assert.deepEqual(m('^a(b|c)d$', 'acd'), ['acd', 'c']);
  assert.equal(m('^a(b|c)d$', 'xacd'), null);
  assert.deepEqual(m('[0-9]{2,3}', 'ab12345'), ['123']);
  assert.deepEqual(m('x{2}', 'xxx'), ['xx']);
  assert.deepEqual(m('[^a-c]+', 'abcdef'), ['def']);
  assert.deepEqual(m('[[:digit:]]+', 'ab42'), ['42']);
  assert.deepEqual(m('a.c', 'abc'), ['abc']);
  assert.deepEqual(m('HELLO', 'say hello', true), ['hello']);
  assert.deepEqual(m('(a)?b', 'b'), ['b', undefined]);
  assert.deepEqual(m('\\.com$', 'x.com'), ['.com']);
  assert.deepEqual(m('a*', ''), ['']);
});

test('regex: unsupported or broken patterns are refused', () => {
  for (const p of ['(a)\\1', '(?=x)', '(a', 'a)', '*a', '[a', 'a{3,1}', 'a{999}', '[[:nope:]]', 'a\\']) {
    assert.throws(() => compileRegex(p, false), RegexError, p);
  }
});

test('regex: classic catastrophic patterns run in linear time', () => {
  const evil = ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '^(.*a){12}$', '^([a-z]+)*[0-9]$'];
  const input = `${'a'.repeat(5000)}!`;
  for (const p of evil) {
    const t0 = process.hrtime.bigint();
    assert.equal(m(p, input), null, p);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 2000, `${p} took ${ms} ms`);
  }
});

test('regex: programs are bounded in size', () => {
  assert.throws(() => compileRegex('(((a{100}){100}){100})', false), /too complex/);
});
