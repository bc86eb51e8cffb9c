import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage, findPart, type SectionKind, sectionRange } from '../../src/mime/index.js';
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

test('sectionRange: BODY[], HEADER, TEXT, n, n.MIME, n.HEADER, n.TEXT', () => {
  const src = readFixture('rfc822-in-multipart.eml');
  const r = analyzeMessage(src);
  const slice = (path: number[], kind: SectionKind) => {
    const range = sectionRange(r.structure, path, kind);
    return range ? src.subarray(range[0], range[1]).toString() : null;
  };
  assert.equal(slice([], 'body'), src.toString());
  assert.match(slice([], 'header') ?? '', /^From: Forwarder[\s\S]*boundary="outer"\r\n\r\n$/);
  assert.match(slice([], 'text') ?? '', /^--outer\r\n[\s\S]*--outer--\r\n$/);
  assert.equal(slice([], 'mime'), null);
  assert.equal(slice([1], 'body'), 'See attached.');
  assert.equal(slice([1], 'mime'), 'Content-Type: text/plain\r\n\r\n');
  assert.equal(slice([1], 'header'), null); // not a message/rfc822 part
  assert.match(
    slice([2], 'mime') ?? '',
    /^Content-Type: message\/rfc822\r\nContent-Disposition: [^\r]*\r\n\r\n$/,
  );
  assert.match(slice([2], 'header') ?? '', /^From: Original[\s\S]*boundary="inner"\r\n\r\n$/);
  assert.match(slice([2], 'text') ?? '', /^--inner\r\n[\s\S]*--inner--\r\n$/);
  assert.equal(slice([2, 2], 'body'), '<b>html inner</b>');
  assert.equal(slice([9], 'body'), null);
});
