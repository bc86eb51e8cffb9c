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
