import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  mailboxFromWire,
  mailboxToWire,
  normalizeMailboxName,
} from '../../src/protocols/imap/wire/mailbox-name.js';
import { decodeMutf7Lenient, decodeMutf7Strict, encodeMutf7 } from '../../src/protocols/imap/wire/mutf7.js';
import { rng } from './helpers.js';

const pairs: Array<[string, string]> = [
  ['INBOX', 'INBOX'],
  ['&', '&-'],
  ['Tom & Jerry', 'Tom &- Jerry'],
  // RFC 3501 §5.1.3 example
  ['~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
  ['Entw\u00fcrfe', 'Entw&APw-rfe'],
  ['Gel\u00f6schte Elemente', 'Gel&APY-schte Elemente'],
  ['\u00e4\u00f6\u00fc', '&AOQA9gD8-'],
  ['Emoji \u{1F600}', 'Emoji &2D3eAA-'],
  ['tab\there', 'tab&AAk-here'],
];

test('modified UTF-7 encode/decode (RFC 3501 §5.1.3 examples)', () => {
  for (const [plain, wire] of pairs) {
    assert.equal(encodeMutf7(plain), wire, plain);
    assert.equal(decodeMutf7Strict(wire), plain, wire);
  }
});

test('strict decoding refuses invalid modified UTF-7', () => {
  for (const bad of [
    '&',
    '&U,BTFw',
    '&AGE-',
    '&2D0-',
    '&Jjo!-',
    'caf\u00e9',
    '&ZeVnLIqe=-',
    '&AOQ-&',
    '&A-',
  ]) {
    assert.equal(decodeMutf7Strict(bad), null, bad);
  }
});

test('lenient decoding takes invalid modified UTF-7 (e.g. raw UTF-8) as it is', () => {
  assert.equal(decodeMutf7Lenient('caf\u00e9'), 'caf\u00e9');
  assert.equal(decodeMutf7Lenient('R&D'), 'R&D');
  assert.equal(decodeMutf7Lenient('R&-D'), 'R&D');
});

test('property: decode(encode(s)) === s for random strings', () => {
  const rand = rng(3);
  const pool = ['a', 'Z', '&', '-', ' ', '/', '\u00e4', '\u20ac', '\u53f0', '\u{1F600}', '\t', '~', ','];
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const n = Math.floor(rand() * 12);
    for (let j = 0; j < n; j++) s += pool[Math.floor(rand() * pool.length)];
    const enc = encodeMutf7(s);
    assert.match(enc, /^[\x20-\x7e]*$/);
    assert.equal(decodeMutf7Strict(enc), s);
  }
});

test('mailbox name normalisation', () => {
  assert.equal(normalizeMailboxName('inbox'), 'INBOX');
  assert.equal(normalizeMailboxName('InBoX/Sub'), 'INBOX/Sub');
  assert.equal(normalizeMailboxName('Inboxes'), 'Inboxes');
  assert.equal(normalizeMailboxName('Folder/'), 'Folder');
  assert.equal(normalizeMailboxName('Folder//'), 'Folder/');
  assert.equal(normalizeMailboxName('/'), '/');
  assert.equal(mailboxFromWire('Entw&APw-rfe/', false), 'Entw\u00fcrfe');
  assert.equal(mailboxFromWire('Entw\u00fcrfe', true), 'Entw\u00fcrfe');
  assert.equal(mailboxToWire('Entw\u00fcrfe', false), 'Entw&APw-rfe');
  assert.equal(mailboxToWire('Entw\u00fcrfe', true), 'Entw\u00fcrfe');
});
