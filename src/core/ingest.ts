// Ingest: raw bytes in, a temp file + BlobMeta out (made durable by BlobStore.commitTemp). Line ends are normalised to
// CRLF while streaming; the same pass hashes (sha256, the blob id), writes and feeds the
// MIME analyzer, so a message is read once whatever its size. File calls are synchronous
// (page cache: microseconds; a thread-pool round trip costs 0.1-0.2 ms).
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzerLimits, MessageAnalysis, MessageAnalyzer } from '../mime/types.js';
import type { BlobId, BlobMeta, BlobStore } from '../store/types.js';
import { CrlfNormalizer } from './crlf.js';
import { MailError } from './errors.js';
import { metaFromAnalysis } from './structure.js';

export type AnalyzerFactory = (limits?: Partial<AnalyzerLimits>) => MessageAnalyzer;
export type RawSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface IngestOptions {
  /** Largest stored (normalised) size; bigger gives MailError 'TooBig' after draining the source. */
  maxSize: number;
  analyzer: AnalyzerFactory;
  analyzerLimits?: Partial<AnalyzerLimits>;
}

export interface Ingested {
  blobId: BlobId;
  meta: BlobMeta;
  analysis: MessageAnalysis;
  /** The temp file under blobs.tempDir() (written, not yet fsynced); hand it to
   *  blobs.commitTemp, which makes it durable, or discard(). */
  tempPath: string;
  size: number;
}

/** Writes the message to a temp file; on any failure the temp file is removed. */
export async function ingest(source: RawSource, blobs: BlobStore, opts: IngestOptions): Promise<Ingested> {
  const tempPath = join(blobs.tempDir(), `in-${Date.now()}-${randomBytes(8).toString('hex')}`);
  const fd = openSync(tempPath, 'wx');
  let closed = false;
  try {
    const hash = createHash('sha256');
    const analyzer = opts.analyzer(opts.analyzerLimits);
    const crlf = new CrlfNormalizer();
    let size = 0;
    let tooBig = false;
    const put = (buf: Buffer) => {
      if (buf.length === 0 || tooBig) return;
      size += buf.length;
      if (size > opts.maxSize) {
        tooBig = true; // keep draining so the sender's protocol stays in step
        return;
      }
      hash.update(buf);
      analyzer.write(buf);
      writeAll(fd, buf);
    };
    for await (const chunk of source) {
      put(crlf.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
    }
    put(crlf.end());
    if (tooBig) throw new MailError('TooBig', `message exceeds ${opts.maxSize} bytes`);
    // Not fsynced here: BlobStore.commitTemp makes the file and its name durable together.
    closed = true;
    closeSync(fd);
    const blobId = hash.digest('hex');
    const analysis = analyzer.end();
    return { blobId, meta: metaFromAnalysis(blobId, { ...analysis, size }), analysis, tempPath, size };
  } catch (e) {
    if (!closed) closeQuietly(fd);
    removeQuietly(tempPath);
    throw e;
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Removes an ingested temp file that will not be committed. */
export async function discard(i: Ingested): Promise<void> {
  removeQuietly(i.tempPath);
}
