import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { isMailError } from '../../src/core/errors.js';
import { ingest } from '../../src/core/ingest.js';
import { parseStructure } from '../../src/core/structure.js';
import { createAnalyzer } from '../../src/mime/index.js';
import { chunks, tempStore } from './helpers.js';

test('ingest normalises line ends, hashes the stored bytes and fills BlobMeta', async () => {
  const t = await tempStore();
  try {
    const i = await ingest(
      chunks('Subject: Hi\nMessage-ID: <a@b>\r', '\nReferences: <r1@x> <r2@x>\n\nbody\rline\n'),
      t.store.blobs,
      { maxSize: 1000, analyzer: createAnalyzer },
    );
    const want = 'Subject: Hi\r\nMessage-ID: <a@b>\r\nReferences: <r1@x> <r2@x>\r\n\r\nbody\r\nline\r\n';
    assert.ok(i.tempPath !== null && i.bytes === null);
    const bytes = await readFile(i.tempPath);
    assert.equal(bytes.toString(), want);
    assert.equal(i.size, Buffer.byteLength(want));
    assert.equal(i.blobId, createHash('sha256').update(want).digest('hex'));
    assert.equal(i.meta.id, i.blobId);
    assert.equal(i.meta.size, i.size);
    assert.equal(i.meta.subject, 'Hi');
    assert.equal(i.meta.messageId, 'a@b');
    assert.deepEqual(i.meta.references, ['r1@x', 'r2@x']);
    assert.equal(parseStructure(i.meta.structure).structure.type, 'text');
    await t.store.blobs.commitTemp(i.tempPath, i.blobId);
    assert.deepEqual(await t.store.blobs.readBuffer(i.blobId), bytes);
    assert.deepEqual(await readdir(t.store.blobs.tempDir()), []);
  } finally {
    await t.cleanup();
  }
});

test('ingest keeps a body within inlineMax in memory and spills a bigger one to a temp file', async () => {
  const t = await tempStore();
  try {
    const opts = { maxSize: 100_000, analyzer: createAnalyzer, inlineMax: 64 };
    const small = 'Subject: s\n\nshort\n';
    const a = await ingest(chunks(small.slice(0, 5), small.slice(5)), t.store.blobs, opts);
    assert.equal(a.tempPath, null);
    assert.equal(a.bytes?.toString(), 'Subject: s\r\n\r\nshort\r\n');
    assert.equal(a.size, a.bytes?.length);
    assert.equal(a.blobId, createHash('sha256').update(a.bytes!).digest('hex'));
    assert.deepEqual(await readdir(t.store.blobs.tempDir()), []);
    // Exactly inlineMax stays inline; one byte more goes to a file, with what was held first.
    const exact = `Subject: e\r\n\r\n${'x'.repeat(64 - 14)}`;
    assert.equal(exact.length, 64);
    const e = await ingest(chunks(exact), t.store.blobs, opts);
    assert.equal(e.bytes?.length, 64);
    const big = `Subject: b\r\n\r\n${'y'.repeat(40)}\r\n${'z'.repeat(40)}\r\n`;
    const b = await ingest(chunks(...big.match(/[\s\S]{1,30}/g)!), t.store.blobs, opts);
    assert.equal(b.bytes, null);
    assert.ok(b.tempPath !== null);
    assert.equal((await readFile(b.tempPath)).toString(), big);
    assert.equal(b.meta.subject, 'b');
    // An empty body with inlining off still gets its (empty) temp file to commit.
    const empty = await ingest(chunks(''), t.store.blobs, { maxSize: 100, analyzer: createAnalyzer });
    assert.ok(empty.tempPath !== null);
    assert.equal((await readFile(empty.tempPath)).length, 0);
  } finally {
    await t.cleanup();
  }
});

test('ingest refuses messages over the limit, drains the source and leaves no temp file', async () => {
  const t = await tempStore();
  try {
    let read = 0;
    async function* big() {
      for (let k = 0; k < 10; k++) {
        read++;
        yield Buffer.alloc(100, 97);
      }
    }
    await assert.rejects(ingest(big(), t.store.blobs, { maxSize: 250, analyzer: createAnalyzer }), (e) =>
      isMailError(e, 'TooBig'),
    );
    assert.equal(read, 10);
    assert.deepEqual(await readdir(t.store.blobs.tempDir()), []);
    // a source that fails midway leaves nothing either
    async function* broken() {
      yield Buffer.from('Subject: x\r\n');
      throw new Error('connection reset');
    }
    await assert.rejects(
      ingest(broken(), t.store.blobs, { maxSize: 1000, analyzer: createAnalyzer }),
      /reset/,
    );
    assert.deepEqual(await readdir(t.store.blobs.tempDir()), []);
  } finally {
    await t.cleanup();
  }
});
