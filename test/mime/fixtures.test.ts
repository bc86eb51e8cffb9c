// The hand-checked fixture corpus: each .eml has its expected BODYSTRUCTURE, BODY,
// ENVELOPE, part offsets and index fields in a .json beside it (see README.md there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeMessage, findPart, formatBodyStructure, formatEnvelope } from '../../src/mime/index.js';
import { analyzeInChunks, FIXTURES, fixtureNames, plain, prng, readFixture, sections } from './helpers.js';

interface Expected {
  size: number;
  bodystructure: string;
  body: string;
  envelope: string;
  parts: Record<string, [number, number, number]>;
  index: Record<string, unknown>;
}

const names = fixtureNames();

test('the fixture corpus is present', () => {
  assert.ok(names.length >= 15, `only ${names.length} fixtures`);
});

for (const name of names) {
  test(`fixture ${name}`, () => {
    const src = readFixture(name);
    const want = JSON.parse(
      readFileSync(join(FIXTURES, name.replace(/\.eml$/, '.json')), 'utf8'),
    ) as Expected;
    const r = analyzeMessage(src);
    assert.equal(r.size, want.size);
    assert.equal(formatBodyStructure(r.structure, true), want.bodystructure);
    assert.equal(formatBodyStructure(r.structure, false), want.body);
    assert.equal(formatEnvelope(r.envelope), want.envelope);
    assert.deepEqual(sections(r.structure).sort(), Object.keys(want.parts).sort());
    for (const [section, offsets] of Object.entries(want.parts)) {
      const p = findPart(r.structure, section.split('.').map(Number));
      assert.ok(p, `part ${section}`);
      assert.deepEqual([p.headerStart, p.bodyStart, p.bodyEnd], offsets, `offsets of ${section}`);
    }
    const { headerText: _h, ...index } = r.index;
    assert.deepEqual(plain({ ...index, sentDate: index.sentDate?.toISOString() ?? null }), want.index);
  });

  test(`fixture ${name}: any chunking gives the same analysis`, () => {
    const src = readFixture(name);
    const whole = plain(analyzeMessage(src));
    assert.deepEqual(plain(analyzeInChunks(src, () => 1)), whole, '1-byte chunks');
    assert.deepEqual(plain(analyzeInChunks(src, () => 7)), whole, '7-byte chunks');
    for (const seed of [1, 2, 3]) {
      const r = prng(seed);
      assert.deepEqual(
        plain(analyzeInChunks(src, () => 1 + Math.floor(r() * 40))),
        whole,
        `random seed ${seed}`,
      );
    }
  });
}
