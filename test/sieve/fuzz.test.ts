// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables are written ${...}
// Property test: random scripts and random messages never crash or hang the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, compile, runScript, SieveRuntimeError, SieveSyntaxError } from '../../src/sieve/index.js';
import { textMessage } from './helpers.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ATOMS = [
  'if',
  'elsif',
  'else',
  'true',
  'false',
  'not',
  'anyof',
  'allof',
  'header',
  'address',
  'envelope',
  'body',
  'exists',
  'size',
  'keep',
  'discard',
  'stop',
  'fileinto',
  'redirect',
  'reject',
  'vacation',
  'set',
  'string',
  'addflag',
  'setflag',
  'hasflag',
  'date',
  'currentdate',
  'include',
  'return',
  'addheader',
  'deleteheader',
  ':is',
  ':contains',
  ':matches',
  ':regex',
  ':count',
  ':value',
  ':over',
  ':under',
  ':copy',
  ':create',
  ':flags',
  ':days',
  ':index',
  ':last',
  ':comparator',
  '"subject"',
  '"from"',
  '"a*b?"',
  '"${1}"',
  '"x@y.z"',
  '"gt"',
  '"i;ascii-numeric"',
  '"(a+)+$"',
  '"date"',
  '"year"',
  '10',
  '1K',
  '[',
  ']',
  '(',
  ')',
  ',',
  ';',
  '{',
  '}',
  'text:\n..x\n.\n',
  '"\\\\"',
  '#c\n',
  '/* c */',
];
const REQUIRE =
  'require ["fileinto","reject","envelope","body","variables","vacation","relational","imap4flags","copy","regex","date","index","include","editheader","mailbox","comparator-i;ascii-numeric"];\n';

function randomScript(r: () => number): string {
  const n = Math.floor(r() * 40);
  let s = r() < 0.7 ? REQUIRE : '';
  for (let i = 0; i < n; i++) s += ATOMS[Math.floor(r() * ATOMS.length)] + ' ';
  return s;
}

// Structured random scripts that are more likely to be valid.
function validScript(r: () => number): string {
  const tests = [
    'header :contains "subject" "a"',
    'address :domain :is "from" "x.org"',
    'header :matches "subject" "*a*b*c*d*"',
    'header :regex "subject" "(a|aa)+$"',
    'body :contains "zz"',
    'size :over 10',
    'header :count "gt" :comparator "i;ascii-numeric" "received" "1"',
    'string :matches "${1}" "*"',
    'date :zone "+0100" "date" "year" "2025"',
    'exists "x"',
  ];
  const actions = [
    'keep;',
    'fileinto "F";',
    'discard;',
    'addflag "\\\\Seen";',
    'set "v" "${1}x";',
    'stop;',
    'redirect "a@b.c";',
  ];
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  let s = REQUIRE;
  const n = 1 + Math.floor(r() * 30);
  for (let i = 0; i < n; i++) {
    s += `if anyof(${pick(tests)}, not ${pick(tests)}) { ${pick(actions)} } elsif ${pick(tests)} { ${pick(actions)} }\n`;
  }
  return s;
}

function randomMessage(r: () => number): string {
  const chars = 'aAb(c)<@>.,:;"\\ \t*?=\u00e9\u4e2d\r\n-+';
  let body = '';
  const len = Math.floor(r() * 1000);
  for (let i = 0; i < len; i++) body += chars[Math.floor(r() * chars.length)];
  return `Subject: ${'a'.repeat(Math.floor(r() * 300))}!\nFrom: ${body.slice(0, 80)}\nDate: ${body.slice(0, 30)}\n\n${body}`;
}

test('random scripts: compile either succeeds or gives a SieveSyntaxError; runs end with actions', () => {
  const r = rng(12345);
  let compiled = 0;
  for (let i = 0; i < 600; i++) {
    const src = i % 3 === 0 ? validScript(r) : randomScript(r);
    const err = check(src);
    if (err) {
      assert.ok(err instanceof SieveSyntaxError);
      assert.ok(err.position.line >= 1 && err.position.column >= 1);
      continue;
    }
    compiled++;
    const script = compile(src);
    const t0 = Date.now();
    const result = runScript(script, {
      message: textMessage(randomMessage(r)),
      envelope: { from: r() < 0.2 ? '' : 'a+b@c.d', to: 'x@y.z' },
      loadInclude: () => script,
      limits: { maxSteps: 20_000 },
    });
    assert.ok(Date.now() - t0 < 3000, 'run took too long');
    assert.ok(result.actions.length >= 1 || result.actions.length === 0);
    assert.ok(result.steps <= 20_000 + 1000);
    if (result.error) assert.deepEqual(result.actions, [{ type: 'keep', flags: [], implicit: true }]);
  }
  assert.ok(compiled > 100, `only ${compiled} scripts compiled`);
});

test('random bytes never crash the compiler', () => {
  const r = rng(777);
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const n = Math.floor(r() * 200);
    for (let k = 0; k < n; k++) s += String.fromCharCode(Math.floor(r() * 128));
    const e = check(s);
    assert.ok(e === null || e instanceof SieveSyntaxError);
  }
  assert.ok(new SieveRuntimeError('x') instanceof Error);
});

test('a script that loops through includes is stopped by the limits', () => {
  const script = compile('require "include"; include "self"; include "self";');
  const r = runScript(script, {
    message: textMessage('Subject: x\n\n'),
    envelope: { from: 'a@b.c', to: 'd@e.f' },
    loadInclude: () => script,
  });
  assert.ok(r.error);
  assert.deepEqual(r.actions, [{ type: 'keep', flags: [], implicit: true }]);
});
