import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage, findPart } from '../../src/mime/index.js';
import { readFixture } from './helpers.js';

function body(src: Buffer, path: number[]): string | null {
  const r = analyzeMessage(src);
  const p = findPart(r.structure, path);
  return p ? src.subarray(p.bodyStart, p.bodyEnd).toString() : null;
}

test('findPart: IMAP section numbers', () => {
  const src = readFixture('rfc822-in-multipart.eml');
  const r = analyzeMessage(src);
  assert.equal(findPart(r.structure, []), r.structure);
  assert.equal(body(src, [1]), 'See attached.');
  assert.match(body(src, [2]) ?? '', /^From: Original/);
  assert.equal(body(src, [2, 1]), 'plain inner'); // 2.1: first part of the attached message
  assert.equal(body(src, [2, 2]), '<b>html inner</b>');
  assert.equal(findPart(r.structure, [3]), null);
  assert.equal(findPart(r.structure, [0]), null);
  assert.equal(findPart(r.structure, [1, 1]), null); // a leaf has no sub-parts
  assert.equal(findPart(r.structure, [2, 3]), null);
  const inner = findPart(r.structure, [2]);
  assert.ok(inner?.message);
  // BODY[2.HEADER] and BODY[2.TEXT] are the attached message's header and text
  assert.match(
    src.subarray(inner.message.part.headerStart, inner.message.part.bodyStart).toString(),
    /^From: Original[\s\S]*\r\n\r\n$/,
  );
});

test('findPart: a single-part message is part 1; an attached single-part message is n.1', () => {
  const plainSrc = readFixture('simple-plain.eml');
  const r = analyzeMessage(plainSrc);
  assert.equal(findPart(r.structure, [1]), r.structure);
  assert.equal(findPart(r.structure, [2]), null);
  const digest = readFixture('digest.eml');
  assert.equal(body(digest, [1, 1]), 'first item');
  assert.equal(body(digest, [2]), 'not a message');
});
