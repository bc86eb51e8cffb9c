// Property tests: random SEARCH programs and FETCH item lists are written as wire text,
// parsed back, and must give the structure they were generated from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FetchAttr } from '../../src/protocols/imap/wire/fetch-items.js';
import type { SearchKey } from '../../src/protocols/imap/wire/search.js';
import { cmd, rng } from './helpers.js';

type Gen<T> = (rand: () => number, depth: number) => [text: string, value: T];
const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const strings = ['hello', 'a b', 'quote"d', 'back\\slash', '\u00e4\u00f6\u00fc', '[x]', 'NIL'];
function astring(rand: () => number): [string, string] {
  const s = pick(rand, strings);
  if (/^[A-Za-z]+$/.test(s) && s !== 'NIL' && rand() < 0.5) return [s, s];
  if (rand() < 0.3) return [`{${Buffer.byteLength(s)}+}\r\n${s}`, s];
  return [`"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`, s];
}

const searchKey: Gen<SearchKey> = (rand, depth) => {
  const r = rand();
  if (depth < 4 && r < 0.1) {
    const [a, av] = searchKey(rand, depth + 1);
    const [b, bv] = searchKey(rand, depth + 1);
    return [`OR ${a} ${b}`, { type: 'or', left: av, right: bv }];
  }
  if (depth < 4 && r < 0.18) {
    const [a, av] = searchKey(rand, depth + 1);
    return [`NOT ${a}`, { type: 'not', key: av }];
  }
  if (depth < 4 && r < 0.25) {
    const [a, av] = searchKey(rand, depth + 1);
    const [b, bv] = searchKey(rand, depth + 1);
    return [`(${a} ${b})`, { type: 'and', keys: [av, bv] }];
  }
  const kind = Math.floor(rand() * 8);
  switch (kind) {
    case 0: {
      const [w, flag, present] = pick(rand, [
        ['SEEN', '\\Seen', true],
        ['unflagged', '\\Flagged', false],
        ['Deleted', '\\Deleted', true],
        ['UNDRAFT', '\\Draft', false],
      ] as const);
      return [w, { type: 'flag', flag, present }];
    }
    case 1: {
      const [w, type, field] = pick(rand, [
        ['FROM', 'address', 'From'],
        ['subject', 'header', 'Subject'],
        ['CC', 'address', 'Cc'],
      ] as const);
      const [t, v] = astring(rand);
      return [`${w} ${t}`, type === 'address' ? { type, field, value: v } : { type, field, value: v }];
    }
    case 2: {
      const [w, field, c] = pick(rand, [
        ['SINCE', 'internal', 'since'],
        ['SENTBEFORE', 'sent', 'before'],
        ['SAVEDON', 'saved', 'on'],
      ] as const);
      const day = 1 + Math.floor(rand() * 28);
      const month = 1 + Math.floor(rand() * 12);
      const year = 1990 + Math.floor(rand() * 40);
      const d = `${day}-${MONTHS[month - 1]}-${year}`;
      return [
        `${w} ${rand() < 0.5 ? d : `"${d}"`}`,
        { type: 'date', field, cmp: c, date: { year, month, day } },
      ];
    }
    case 3: {
      const n = Math.floor(rand() * 1e9);
      return [`LARGER ${n}`, { type: 'size', cmp: 'larger', size: n }];
    }
    case 4: {
      const a = 1 + Math.floor(rand() * 1000);
      const b = 1 + Math.floor(rand() * 1000);
      return [`UID ${a}:${b}`, { type: 'uid', set: { kind: 'set', ranges: [{ from: a, to: b }] } }];
    }
    case 5: {
      const a = 1 + Math.floor(rand() * 1000);
      return [`${a}:*`, { type: 'seq', set: { kind: 'set', ranges: [{ from: a, to: '*' }] } }];
    }
    case 6: {
      const n = Math.floor(rand() * 1e12);
      return [`MODSEQ ${n}`, { type: 'modseq', modseq: n, entry: null }];
    }
    default: {
      const [t, v] = astring(rand);
      return [`TEXT ${t}`, { type: 'text', value: v }];
    }
  }
};

test('property: random SEARCH programs parse to the generated keys', () => {
  const rand = rng(1234);
  for (let i = 0; i < 1500; i++) {
    const n = 1 + Math.floor(rand() * 4);
    const texts: string[] = [];
    const keys: SearchKey[] = [];
    for (let k = 0; k < n; k++) {
      const [t, v] = searchKey(rand, 0);
      texts.push(t);
      keys.push(v);
    }
    const uid = rand() < 0.5;
    const c = cmd(`t${i} ${uid ? 'UID ' : ''}SEARCH CHARSET UTF-8 ${texts.join(' ')}`);
    assert.deepEqual(c, {
      tag: `t${i}`,
      name: 'SEARCH',
      uid,
      returns: null,
      program: { charset: 'UTF-8', keys },
    });
  }
});

const fetchAttr: Gen<FetchAttr> = (rand) => {
  const part = Array.from({ length: Math.floor(rand() * 3) }, () => 1 + Math.floor(rand() * 9));
  const partial =
    rand() < 0.3 ? { origin: Math.floor(rand() * 1000), length: 1 + Math.floor(rand() * 1000) } : null;
  const ptext = partial ? `<${partial.origin}.${partial.length}>` : '';
  const peek = rand() < 0.5;
  switch (Math.floor(rand() * 5)) {
    case 0: {
      const name = pick(rand, [
        'FLAGS',
        'UID',
        'ENVELOPE',
        'RFC822.SIZE',
        'MODSEQ',
        'EMAILID',
        'SAVEDATE',
      ] as const);
      return [rand() < 0.5 ? name : name.toLowerCase(), { kind: 'simple', name }];
    }
    case 1: {
      const texts = [
        ['', null],
        ['HEADER', { kind: 'HEADER' }],
        ['TEXT', { kind: 'TEXT' }],
        ['HEADER.FIELDS (From X-Y)', { kind: 'HEADER.FIELDS', not: false, fields: ['From', 'X-Y'] }],
        ['HEADER.FIELDS.NOT ("a b")', { kind: 'HEADER.FIELDS', not: true, fields: ['a b'] }],
      ] as const;
      let [t, v] = pick(
        rand,
        part.length > 0 ? [...texts, ['MIME', { kind: 'MIME' }] as const] : texts.slice(1),
      );
      if (part.length === 0 && rand() < 0.2) [t, v] = ['', null];
      const spec = part.length > 0 ? (t ? `${part.join('.')}.${t}` : part.join('.')) : t;
      return [
        `BODY${peek ? '.PEEK' : ''}[${spec}]${ptext}`,
        { kind: 'body-section', peek, section: { part, text: v as never }, partial },
      ];
    }
    case 2:
      return [
        `BINARY${peek ? '.PEEK' : ''}[${part.join('.')}]${ptext}`,
        { kind: 'binary', peek, part, partial },
      ];
    case 3:
      return [`BINARY.SIZE[${part.join('.')}]`, { kind: 'binary-size', part }];
    default:
      return rand() < 0.5
        ? ['PREVIEW', { kind: 'preview', lazy: false }]
        : ['PREVIEW (LAZY)', { kind: 'preview', lazy: true }];
  }
};

test('property: random FETCH item lists parse to the generated items', () => {
  const rand = rng(4321);
  for (let i = 0; i < 1500; i++) {
    const n = 1 + Math.floor(rand() * 5);
    const texts: string[] = [];
    const items: FetchAttr[] = [];
    for (let k = 0; k < n; k++) {
      const [t, v] = fetchAttr(rand, 0);
      texts.push(t);
      items.push(v);
    }
    const c = cmd(`f${i} UID FETCH 1:* (${texts.join(' ')}) (CHANGEDSINCE ${i})`);
    assert.deepEqual(c, {
      tag: `f${i}`,
      name: 'FETCH',
      uid: true,
      set: { kind: 'set', ranges: [{ from: 1, to: '*' }] },
      items,
      modifiers: { changedSince: i, vanished: false, partial: null },
    });
  }
});
