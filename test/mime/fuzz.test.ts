// Property test: damaged versions of the fixtures (bytes cut, boundary lines and garbage
// inserted) never make the analyzer throw, and every invariant still holds, however the
// input is chunked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage } from '../../src/mime/index.js';
import { analyzeInChunks, checkInvariants, fixtureNames, plain, prng, readFixture } from './helpers.js';

const INSERTS = [
  '--',
  '\r\n',
  '\r\n\r\n',
  '--b\r\n',
  '--outer--\r\n',
  '--L2\r\n',
  'Content-Type: multipart/mixed; boundary=b\r\n',
  '=?utf-8?B?',
  '\0',
  '\xff\xfe',
];

function mutate(src: Buffer, rand: () => number): Buffer {
  let out = src;
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (out.length + 1));
    const what = rand();
    if (what < 0.4) {
      const len = Math.floor(rand() * 20);
      out = Buffer.concat([out.subarray(0, at), out.subarray(at + len)]);
    } else {
      const ins = INSERTS[Math.floor(rand() * INSERTS.length)] as string;
      out = Buffer.concat([out.subarray(0, at), Buffer.from(ins, 'latin1'), out.subarray(at)]);
    }
  }
  return out;
}

test('damaged fixtures: no throw, invariants hold, chunking does not matter', () => {
  const rand = prng(20260302);
  for (const name of fixtureNames()) {
    const original = readFixture(name);
    for (let i = 0; i < 40; i++) {
      const src = mutate(original, rand);
      const where = `${name} mutation ${i}`;
      const r = analyzeMessage(src);
      checkInvariants(r, src, where);
      if (i % 8 === 0) {
        assert.deepEqual(plain(analyzeInChunks(src, () => 1 + Math.floor(rand() * 13))), plain(r), where);
      }
    }
  }
});
