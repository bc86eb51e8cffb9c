import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Rule, rulesToSieve, sieveToRules } from '../../src/sieve/rules.js';
import { runOn, targets } from './helpers.js';

const RULES: Rule[] = [
  {
    name: 'Lists',
    match: 'anyOf',
    conditions: [
      { field: 'header', header: 'List-Id', op: 'contains', value: 'sieve' },
      { field: 'subject', op: 'contains', value: '[list]' },
    ],
    actions: [{ type: 'move', folder: 'Lists/Sieve' }, { type: 'markRead' }, { type: 'stop' }],
  },
  {
    name: 'Boss "quoted" \\ name',
    match: 'allOf',
    conditions: [
      { field: 'from', op: 'is', value: 'boss@example.com' },
      { field: 'size', op: 'under', bytes: 100000 },
    ],
    actions: [{ type: 'flag' }, { type: 'forward', to: 'me@phone.example' }],
  },
  {
    name: 'Big',
    match: 'allOf',
    conditions: [{ field: 'size', op: 'over', bytes: 5_000_000 }],
    actions: [{ type: 'delete' }],
  },
  {
    name: 'Attachments',
    match: 'allOf',
    conditions: [{ field: 'attachment' }],
    actions: [{ type: 'move', folder: 'Files' }],
  },
  {
    name: 'To me',
    match: 'allOf',
    conditions: [{ field: 'to', op: 'matches', value: '*@example.com' }],
    actions: [{ type: 'flag' }],
  },
];

test('rules -> Sieve -> rules round-trips', () => {
  const text = rulesToSieve(RULES);
  const back = sieveToRules(text);
  assert.equal(back.kind, 'rules');
  assert.deepEqual(back.kind === 'rules' ? back.rules : null, RULES);
  assert.deepEqual(sieveToRules(rulesToSieve([])), { kind: 'rules', rules: [] });
});

test('hand-edited or foreign scripts are "custom"', () => {
  const text = rulesToSieve(RULES);
  assert.deepEqual(sieveToRules(text.replace('discard;', 'keep;')), { kind: 'custom' });
  assert.deepEqual(sieveToRules('require "fileinto"; fileinto "x";'), { kind: 'custom' });
  assert.deepEqual(sieveToRules(text.replace('# rule: {', '# rule: {{')), { kind: 'custom' });
});

test('generated rules run as intended', () => {
  const script = rulesToSieve(RULES);
  const list = runOn(script);
  assert.deepEqual(list.actions, [
    { type: 'fileinto', mailbox: 'Lists/Sieve', flags: ['\\Seen'], create: true, copy: false },
  ]);
  const boss = runOn(script, 'From: Boss <boss@example.com>\nTo: me@example.com\nSubject: hi\n\nx');
  assert.deepEqual(boss.actions, [
    { type: 'redirect', address: 'me@phone.example', copy: true },
    { type: 'keep', flags: ['\\Flagged'], implicit: true },
  ]);
  const att = runOn(script, 'From: a@b.c\nContent-Type: multipart/mixed; boundary=x\n\n--x--');
  assert.deepEqual(targets(att), ['Files']);
});

test('bad rules are refused with a clear error', () => {
  assert.throws(() => rulesToSieve([{ ...RULES[0]!, name: '' }]), /needs a name/);
  assert.throws(() => rulesToSieve([{ ...RULES[0]!, actions: [] }]), /no action/);
  assert.throws(
    () => rulesToSieve([{ ...RULES[0]!, actions: [{ type: 'forward', to: 'nope' }] }]),
    /not an address/,
  );
});
