import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addressSearchText,
  displaySortValue,
  firstMailbox,
  formatAddressesForDisplay,
  parseAddressList,
  sortMailbox,
} from '../../src/mime/index.js';
import type { EnvelopeAddress } from '../../src/mime/types.js';

const A = (name: string | null, mailbox: string | null, host: string | null, adl: string | null = null) =>
  ({ name, adl, mailbox, host }) as EnvelopeAddress;
const GROUP_END = A(null, null, null);

test('address lists as ENVELOPE addresses', () => {
  const cases: [string, EnvelopeAddress[]][] = [
    ['a@example.com', [A(null, 'a', 'example.com')]],
    ['Mary Smith <mary@x.test>', [A('Mary Smith', 'mary', 'x.test')]],
    ['"Joe Q. Public" <john.q.public@example.com>', [A('Joe Q. Public', 'john.q.public', 'example.com')]],
    ['"Giant; \\"Big\\" Box" <b@x>', [A('Giant; "Big" Box', 'b', 'x')]],
    ['a@x, b@y', [A(null, 'a', 'x'), A(null, 'b', 'y')]],
    ['pete(his account)@silly.test(his host)', [A('his account his host', 'pete', 'silly.test')]],
    ['user@example.com (Comment Name)', [A('Comment Name', 'user', 'example.com')]],
    ['John Doe john@example.com', [A('John Doe', 'john', 'example.com')]], // missing brackets
    ['<@r1,@r2:u@h>', [A(null, 'u', 'h', '@r1,@r2')]], // obsolete route
    ['"john doe"@example.com', [A(null, 'john doe', 'example.com')]],
    ['just-local', [A(null, 'just-local', 'MISSING_DOMAIN')]],
    ['Someone Else', [A('Someone Else', 'MISSING_MAILBOX', 'MISSING_DOMAIN')]],
    ['<>', [A(null, 'MISSING_MAILBOX', 'MISSING_DOMAIN')]],
    ['John (x) . Smith <js@x>', [A('John . Smith', 'js', 'x')]], // obs-phrase
    ['=?utf-8?Q?J=C3=BCrgen?= <j@x>', [A('=?utf-8?Q?J=C3=BCrgen?=', 'j', 'x')]], // raw name kept
    ['undisclosed-recipients:;', [A(null, 'undisclosed-recipients', null), GROUP_END]],
    [
      'Team: alice@x, "Bob" <bob@x>;, carol@x',
      [A(null, 'Team', null), A(null, 'alice', 'x'), A('Bob', 'bob', 'x'), GROUP_END, A(null, 'carol', 'x')],
    ],
    ['Open: a@x', [A(null, 'Open', null), A(null, 'a', 'x'), GROUP_END]], // unterminated group
    ['Outer: Inner: x@e;;', [A(null, 'Outer', null), A(null, 'x', 'e'), GROUP_END]], // nested group flattened
    ['<unterminated@x, b@y', [A(null, 'unterminated', 'x'), A(null, 'b', 'y')]],
    ['broken <<double@x>>', [A('broken', 'double', 'x')]],
    ['<a@x> <b@y>', [A(null, 'a', 'x'), A(null, 'b', 'y')]],
    ['', []],
    [' , ,', []],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseAddressList(input), want, input);
});

test('first mailbox and display strings are decoded', () => {
  const list = parseAddressList('Team: =?utf-8?Q?J=C3=BCrgen?= <j@x>;, plain@y, Nodomain');
  assert.deepEqual(firstMailbox(list), { address: 'j@x', display: 'Jürgen' });
  assert.deepEqual(firstMailbox(parseAddressList('plain@y')), { address: 'plain@y', display: 'plain@y' });
  assert.deepEqual(firstMailbox(null), { address: '', display: '' });
  assert.equal(formatAddressesForDisplay(list), 'Jürgen <j@x>, plain@y, Nodomain');
});

test('SORT keys (RFC 5256 addr-mailbox, RFC 5957 display value) and the search text', () => {
  const cases: [string, string, string, string][] = [
    // header value, sort mailbox, display value, search text
    ['Zed Alpha <zed@one.test>', 'zed', 'Zed Alpha', 'Zed Alpha <zed@one.test>'],
    ['<amy (comment)@ (c) one.test>', 'amy', 'amy@one.test', '<amy@one.test>'],
    ['user@x.test (Real Name)', 'user', 'Real Name', 'Real Name <user@x.test>'],
    ['=?utf-8?q?B=C3=A9a?= <bea@x.test>, b@y', 'bea', 'Béa', 'Béa <bea@x.test>, <b@y>'],
    ['team: a@x.test, Bob <b@x.test>;, c@y', 'team', 'team', 'team: <a@x.test>, Bob <b@x.test>;, <c@y>'],
    ['empty:;', 'empty', 'empty', 'empty:;'],
    ['d', 'd', 'd', '<d>'],
    ['', '', '', ''],
  ];
  for (const [value, mailbox, display, text] of cases) {
    const list = parseAddressList(value);
    assert.equal(sortMailbox(list), mailbox, value);
    assert.equal(displaySortValue(list), display, value);
    assert.equal(addressSearchText(list), text, value);
  }
  assert.equal(sortMailbox(null), '');
  assert.equal(displaySortValue(null), '');
  assert.equal(addressSearchText(null), '');
});
