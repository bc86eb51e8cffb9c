// Pure helpers of the IMAP server: LIST patterns, sequence-set resolution, error mapping,
// capabilities.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MailError } from '../../src/core/errors.js';
import { capabilities } from '../../src/protocols/imap/capabilities.js';
import {
  compareNames,
  compilePattern,
  joinReference,
  parentsOf,
} from '../../src/protocols/imap/commands/shared/list-pattern.js';
import { mapError } from '../../src/protocols/imap/errors.js';
import type { MailboxView } from '../../src/protocols/imap/mailbox-view.js';
import { resolveSet, toRanges } from '../../src/protocols/imap/sequence.js';
import { SeqMap } from '../../src/protocols/imap/wire/seqmap.js';

test('LIST patterns: * crosses the delimiter, % does not, INBOX in any case', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', 'a/b/c', true],
    ['%', 'a/b', false],
    ['%', 'a', true],
    ['a/%', 'a/b', true],
    ['a/%', 'a/b/c', false],
    ['a*', 'abc/d', true],
    ['inbox', 'INBOX', true],
    ['Inbox/%', 'INBOX/x', true],
    ['x.y', 'xzy', false],
    ['(a)', '(a)', true],
    ['', 'a', false],
  ];
  for (const [p, name, want] of cases) assert.equal(compilePattern(p)(name), want, `${p} ~ ${name}`);
  assert.equal(joinReference('', 'x'), 'x');
  assert.equal(joinReference('Work', '%'), 'Work/%');
  assert.equal(joinReference('Work/', '%'), 'Work/%');
  assert.deepEqual(parentsOf('a/b/c'), ['a', 'a/b']);
  assert.deepEqual(['b', 'INBOX', 'a'].sort(compareNames), ['INBOX', 'a', 'b']);
});

function fakeView(uids: number[], saved: number[] | null = null): MailboxView {
  return { seq: SeqMap.fromUids(uids), savedResult: saved } as unknown as MailboxView;
}

test('sequence sets: numbers beyond the mailbox are refused, UIDs beyond are skipped', () => {
  const v = fakeView([3, 4, 5, 9]);
  const seq = resolveSet(v, { kind: 'set', ranges: [{ from: 2, to: '*' }] }, false)!;
  assert.deepEqual(
    [...seq.pairs()],
    [
      [2, 4],
      [3, 5],
      [4, 9],
    ],
  );
  assert.deepEqual(seq.uidRanges(), [
    { start: 4, end: 5 },
    { start: 9, end: 9 },
  ]);
  assert.equal(resolveSet(v, { kind: 'set', ranges: [{ from: 5, to: 5 }] }, false), null);
  const uid = resolveSet(v, { kind: 'set', ranges: [{ from: 1, to: 100 }] }, true)!;
  assert.equal(uid.count, 4);
  assert.equal(resolveSet(fakeView([]), { kind: 'set', ranges: [{ from: 1, to: '*' }] }, false), null);
  assert.equal(resolveSet(fakeView([]), { kind: 'set', ranges: [{ from: 1, to: '*' }] }, true)!.count, 0);
  const saved = resolveSet(fakeView([3, 4, 5], [4, 7]), { kind: 'saved' }, true)!;
  assert.deepEqual([...saved.pairs()], [[2, 4]]);
  assert.deepEqual(toRanges([1, 2, 3, 7]), [
    { start: 1, end: 3 },
    { start: 7, end: 7 },
  ]);
});

test('error table: domain errors get their code, TRYCREATE for destinations, SERVERBUG only for bugs', () => {
  assert.deepEqual(mapError(new MailError('NotFound', 'no mailbox X')), {
    status: 'NO',
    code: 'NONEXISTENT',
    text: 'No mailbox X',
    internal: false,
  });
  assert.equal(mapError(new MailError('NotFound', 'x'), { notFoundIsTryCreate: true }).code, 'TRYCREATE');
  assert.equal(mapError(new MailError('OverQuota', 'full')).code, 'OVERQUOTA');
  assert.equal(mapError(new MailError('AlreadyExists', 'x')).code, 'ALREADYEXISTS');
  assert.equal(mapError(new MailError('TooBig', 'x')).code, 'TOOBIG');
  assert.equal(mapError(new MailError('Limit', 'x')).code, 'LIMIT');
  assert.equal(mapError(new MailError('Unavailable', 'x')).code, 'UNAVAILABLE');
  assert.equal(mapError(new MailError('Invalid', 'bad name')).code, 'CANNOT');
  const bug = mapError(new TypeError('x is undefined'));
  assert.equal(bug.code, 'SERVERBUG');
  assert.equal(bug.internal, true);
  assert.doesNotMatch(bug.text, /undefined/);
});

test('capabilities: LOGINDISABLED without AUTH= before TLS; full list after login', () => {
  const base = {
    secure: false,
    startTlsAvailable: true,
    compressed: false,
    appendLimit: 1000,
    literalPlus: true,
  };
  const pre = capabilities({ ...base, state: 'not-authenticated', plaintextAllowed: false });
  assert.ok(pre.includes('STARTTLS') && pre.includes('LOGINDISABLED'));
  assert.ok(!pre.some((c) => c.startsWith('AUTH=')));
  const tls = capabilities({ ...base, secure: true, state: 'not-authenticated', plaintextAllowed: true });
  assert.ok(!tls.includes('STARTTLS') && tls.includes('AUTH=PLAIN') && tls.includes('SASL-IR'));
  const post = capabilities({ ...base, state: 'authenticated', plaintextAllowed: true });
  for (const c of ['IDLE', 'LIST-EXTENDED', 'SPECIAL-USE', 'APPENDLIMIT=1000', 'COMPRESS=DEFLATE', 'QUOTA'])
    assert.ok(post.includes(c), c);
  assert.ok(
    !capabilities({ ...base, compressed: true, state: 'selected', plaintextAllowed: true }).includes(
      'COMPRESS=DEFLATE',
    ),
  );
  assert.equal(new Set(post).size, post.length);
  assert.ok(post.includes('LITERAL+') && !post.includes('LITERAL-'));
  for (const c of ['CATENATE', 'URLAUTH', 'URLAUTH=BINARY']) assert.ok(post.includes(c), c);
  const minus = capabilities({
    ...base,
    literalPlus: false,
    state: 'not-authenticated',
    plaintextAllowed: true,
  });
  assert.ok(minus.includes('LITERAL-') && !minus.includes('LITERAL+'));
});
