import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMsgNumber, parseRequest } from '../../../src/protocols/pop3/wire/request.js';

const parse = (s: string) => parseRequest(Buffer.from(s, 'utf8'));
const ok = (s: string) => {
  const r = parse(s);
  assert.ok(r.ok, `expected ${JSON.stringify(s)} to parse: ${r.ok ? '' : r.message}`);
  return r.request;
};
const bad = (s: string, kind: 'unknown' | 'syntax' = 'syntax') => {
  const r = parse(s);
  assert.ok(!r.ok, `expected ${JSON.stringify(s)} to fail`);
  assert.equal(r.kind, kind, `${s}: ${r.message}`);
  return r;
};

test('table: valid commands', () => {
  const table: [string, unknown][] = [
    ['USER alice@example.test', { verb: 'USER', name: 'alice@example.test' }],
    ['user bob', { verb: 'USER', name: 'bob' }],
    ['PASS secret', { verb: 'PASS', password: 'secret' }],
    ['PASS with  two spaces ', { verb: 'PASS', password: 'with  two spaces ' }],
    ['PASS pässwörd', { verb: 'PASS', password: 'pässwörd' }],
    ['STAT', { verb: 'STAT' }],
    ['LIST', { verb: 'LIST', msg: null }],
    ['LIST 3', { verb: 'LIST', msg: 3 }],
    ['list  3', { verb: 'LIST', msg: 3 }],
    ['UIDL', { verb: 'UIDL', msg: null }],
    ['UIDL 12', { verb: 'UIDL', msg: 12 }],
    ['RETR 1', { verb: 'RETR', msg: 1 }],
    ['DELE 2147483647', { verb: 'DELE', msg: 2147483647 }],
    ['NOOP', { verb: 'NOOP' }],
    ['RSET', { verb: 'RSET' }],
    ['QUIT', { verb: 'QUIT' }],
    ['TOP 1 0', { verb: 'TOP', msg: 1, lines: 0 }],
    ['TOP 1 99999999999999999999', { verb: 'TOP', msg: 1, lines: Number.MAX_SAFE_INTEGER }],
    ['CAPA', { verb: 'CAPA' }],
    ['STLS', { verb: 'STLS' }],
    ['AUTH', { verb: 'AUTH', mechanism: null, initialResponse: null }],
    ['AUTH plain', { verb: 'AUTH', mechanism: 'PLAIN', initialResponse: null }],
    ['AUTH PLAIN =', { verb: 'AUTH', mechanism: 'PLAIN', initialResponse: '=' }],
    ['AUTH PLAIN AGEAYg==', { verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGEAYg==' }],
  ];
  for (const [line, want] of table) assert.deepEqual(ok(line), want, line);
});

test('table: syntax errors', () => {
  for (const line of [
    'USER',
    'USER a b',
    'PASS',
    'PASS ',
    'STAT 1',
    'QUIT now',
    'LIST 0',
    'LIST -1',
    'LIST +1',
    'LIST 1 2',
    'LIST x',
    'LIST 99999999999',
    'RETR',
    'RETR 0',
    'RETR 1.5',
    'DELE 1 2',
    'TOP 1',
    'TOP 1 -1',
    'TOP 0 1',
    'TOP a 1',
    'AUTH PLAIN a-c',
    'AUTH PLAIN AGEAYg== extra',
    'AUTH PL@IN',
    '',
    '   ',
  ])
    bad(line);
});

test('unknown commands, including APOP (deliberately not offered)', () => {
  assert.equal(bad('APOP alice c4c9334bac560ecc979e58001b3e22fb', 'unknown').verb, 'APOP');
  bad('XYZZY', 'unknown');
  bad('GET / HTTP/1.1', 'unknown');
  assert.ok(bad('A'.repeat(300), 'unknown').message.length < 60);
});

test('control characters and invalid UTF-8 are refused, never thrown', () => {
  bad('USER a\x00b');
  bad('PASS a\x1bb');
  const r = parseRequest(Buffer.from([0x55, 0x53, 0x45, 0x52, 0x20, 0xff, 0xfe]));
  assert.equal(r.ok, false);
  assert.ok(ok('PASS a\tb'));
});

test('message numbers', () => {
  assert.equal(parseMsgNumber('1'), 1);
  assert.equal(parseMsgNumber('007'), 7);
  assert.equal(parseMsgNumber('0'), null);
  assert.equal(parseMsgNumber('4294967296'), null);
  assert.equal(parseMsgNumber('1e3'), null);
  assert.equal(parseMsgNumber(''), null);
});
