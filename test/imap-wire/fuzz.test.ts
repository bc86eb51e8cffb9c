// Fuzz: mutated commands and random garbage never make the framer or the parser throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommand } from '../../src/protocols/imap/wire/commands/parse.js';
import { Framer } from '../../src/protocols/imap/wire/framer.js';
import { rng } from './helpers.js';

const seeds = [
  'a1 FETCH 1:*,5:3 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS.NOT (From "To")]<0.100> BINARY[1]<1.2> PREVIEW (LAZY)) (CHANGEDSINCE 5)',
  'a2 UID SEARCH RETURN (MIN PARTIAL -1:-5) CHARSET UTF-8 OR (FROM "x" SINCE 1-Feb-2020) NOT UID $ MODSEQ "/flags/\\\\seen" all 6',
  'a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" "%") RETURN (CHILDREN STATUS (MESSAGES UNSEEN))',
  'a4 SELECT inbox (QRESYNC (67890007 20050715194045000 41,43:211 (1:10 41:50)))',
  'a5 APPEND Sent (\\Seen) " 5-Mar-2024 14:03:09 +0100" {5+}\r\nhello UTF8 (~{2+}\r\nhi)',
  'a6 NOTIFY SET STATUS (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange)) (subtree (a "b") NONE)',
  'a7 UID STORE 1:5 (UNCHANGEDSINCE 12345) +FLAGS.SILENT (\\seen $Junk)',
  'a8 UID SORT RETURN (COUNT) (REVERSE DATE SUBJECT) UTF-8 ALL',
  'a9 ID ("name" "iPhone Mail" "version" NIL)',
  'b1 LOGIN {5+}\r\nalice "se\\"cret"',
  'b2 UID REPLACE 4 Drafts {3+}\r\nabc',
  'b3 CREATE Archive (USE (\\Archive))',
];
const specials = [
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  '{',
  '}',
  '"',
  '\\',
  ' ',
  '*',
  '%',
  '$',
  ':',
  ',',
  '.',
  '-',
  '+',
  '~',
  '0',
  '9',
  '\0',
  '\xff',
  'NIL',
];

function mutate(s: string, rand: () => number): string {
  let out = s;
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const r = rand();
    const sp = specials[Math.floor(rand() * specials.length)]!;
    if (r < 0.33) out = out.slice(0, at) + sp + out.slice(at);
    else if (r < 0.66) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 5));
    else out = out.slice(0, at) + sp + out.slice(at + 1);
  }
  return out;
}

function runAll(input: Buffer, rand: () => number): number {
  const f = new Framer({
    literalMinus: false,
    maxLiteralSize: 100,
    maxAppendSize: 200,
    appendStreamThreshold: 50,
    maxDrainBytes: 300,
  });
  f.push(input);
  let commands = 0;
  for (let guard = 0; guard < 10000; guard++) {
    const ev = f.next();
    if (!ev) {
      if (!f.awaitingDecision) break;
      if (rand() < 0.8) f.accept();
      else f.reject();
      continue;
    }
    if (ev.kind === 'command') {
      const r = parseCommand(ev.frame, { utf8Accept: rand() < 0.5 });
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.equal(typeof r.message, 'string');
      commands++;
    }
  }
  return commands;
}

test('fuzz: mutated valid commands never throw', () => {
  const rand = rng(2024);
  let parsed = 0;
  for (let i = 0; i < 20000; i++) {
    const s = mutate(seeds[i % seeds.length]!, rand);
    parsed += runAll(Buffer.from(`${s}\r\n`, 'latin1'), rand);
  }
  assert.ok(parsed > 10000);
});

test('fuzz: random bytes never throw', () => {
  const rand = rng(77);
  for (let i = 0; i < 3000; i++) {
    const len = Math.floor(rand() * 200);
    const b = Buffer.alloc(len);
    for (let j = 0; j < len; j++)
      b[j] =
        rand() < 0.5 ? ' a1(){}"\\\r\n[]<>*:0'.charCodeAt(Math.floor(rand() * 20)) : Math.floor(rand() * 256);
    runAll(Buffer.concat([Buffer.from('t FETCH '), b, Buffer.from('\r\n')]), rand);
    runAll(b, rand);
  }
});

test('fuzz: pathological nesting and long inputs stay fast', () => {
  const rand = rng(5);
  const t0 = Date.now();
  const inputs = [
    `a SEARCH ${'('.repeat(5000)}ALL${')'.repeat(5000)}`,
    `a SEARCH ${'OR ALL '.repeat(5000)}ALL`,
    `a FETCH ${'1,'.repeat(20000)}1 FLAGS`,
    `a FETCH 1 (${'FLAGS '.repeat(5000)}UID)`,
    `a LIST "" (${'"x" '.repeat(5000)}"y")`,
    `a ID (${'"a" "b" '.repeat(1000)})`,
  ];
  for (const s of inputs) runAll(Buffer.from(`${s}\r\n`), rand);
  assert.ok(Date.now() - t0 < 3000);
});
