import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRegex, execRegex, RegexError } from '../../src/sieve/regex.js';
import { runOn, targets } from './helpers.js';

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

test('regex: POSIX leftmost-longest, for the whole match and for each group in order', () => {
  // Whole match: the longest of the leftmost ones (a Perl-order engine says "a").
  assert.deepEqual(m('a|ab', 'abc'), ['ab']);
  assert.deepEqual(m('abcd|bc', 'xabcd'), ['abcd']);
  // Groups, left to right, each as long as the whole match allows (Perl: a, bcd, "").
  assert.deepEqual(m('(a|ab)(c|bcd)(d*)', 'abcd'), ['abcd', 'ab', 'c', 'd']);
  assert.deepEqual(m('(ab|a)(bc|c)?', 'abc'), ['abc', 'ab', 'c']);
  assert.deepEqual(m('(a*)+b', 'aab'), ['aab', 'aa']);
  // A repeated group reports its last iteration.
  assert.deepEqual(m('(a|b)*c', 'xabac'), ['abac', 'a']);
  // Lazy markers are accepted but change nothing: POSIX has only longest.
  assert.deepEqual(m('(.*?)@(.*)', 'a@b@c'), ['a@b@c', 'a@b', 'c']);
  assert.deepEqual(m('(.*)([0-9]+)', 'abc123'), ['abc123', 'abc12', '3']);
  // Leftmost first: an empty match at 0 beats a longer one later.
  assert.deepEqual(m('x*', 'axxx'), ['']);
});

test('regex: match variables 1, 2, 3 follow the POSIX groups in a script', () => {
  const r = runOn(
    `require ["regex", "variables", "fileinto"];
     if header :regex "x-code" "(a|ab)(c|bcd)(d*)" { fileinto "\${1}-\${2}-\${3}"; }`,
    'X-Code: abcd\r\nSubject: t\r\n\r\nbody\r\n',
  );
  assert.deepEqual(targets(r), ['ab-c-d']);
});
