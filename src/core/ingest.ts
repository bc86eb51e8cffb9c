// Ingest: raw bytes in, BlobMeta and the body out: a temp file (made durable by
// BlobStore.commitTemp) or, for a body within IngestOptions.inlineMax, the bytes in memory
// (stored with their message, NewMessage.body). Line ends are normalised to CRLF while
// streaming; the same pass hashes (sha256, the blob id), writes and feeds the MIME
// analyzer, so a message is read once whatever its size. File calls are synchronous
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
  /** Bodies up to this size stay in memory (Ingested.bytes) and no temp file is written;
   *  0 (the default) writes every body to a temp file. */
  inlineMax?: number;
  analyzer: AnalyzerFactory;
  analyzerLimits?: Partial<AnalyzerLimits>;
}

export interface Ingested {
  blobId: BlobId;
  meta: BlobMeta;
  analysis: MessageAnalysis;
  /** The temp file under blobs.tempDir() (written, not yet fsynced); hand it to
   *  blobs.commitTemp, which makes it durable, or discard(). null when `bytes` holds the body. */
  tempPath: string | null;
  /** The whole body, when it fit in IngestOptions.inlineMax (then there is no temp file):
   *  give it to the store with the message (NewMessage.body). */
  bytes: Buffer | null;
  size: number;
}

/**
 * Normalises, hashes and analyses the message in one pass. A body that stays within
 * `inlineMax` is kept in memory; a bigger one goes to a temp file (what was buffered is
 * written first). On any failure the temp file is removed.
 */
export async function ingest(source: RawSource, blobs: BlobStore, opts: IngestOptions): Promise<Ingested> {
  const inlineMax = opts.inlineMax ?? 0;
  let tempPath: string | null = null;
  let fd = -1;
  const held: Buffer[] = [];
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
      if (fd < 0 && size <= inlineMax) {
        // The normaliser may hand out views of its own buffer: keep a copy.
        held.push(Buffer.from(buf));
        return;
      }
      if (fd < 0) spill();
      writeAll(fd, buf);
    };
    const spill = () => {
      tempPath = join(blobs.tempDir(), `in-${Date.now()}-${randomBytes(8).toString('hex')}`);
      fd = openSync(tempPath, 'wx');
      for (const b of held.splice(0)) writeAll(fd, b);
    };
    for await (const chunk of source) {
      put(crlf.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
    }
    put(crlf.end());
    if (tooBig) throw new MailError('TooBig', `message exceeds ${opts.maxSize} bytes`);
    const blobId = hash.digest('hex');
    const analysis = analyzer.end();
    const meta = metaFromAnalysis(blobId, { ...analysis, size });
    if (fd < 0 && inlineMax > 0)
      return { blobId, meta, analysis, tempPath: null, bytes: Buffer.concat(held, size), size };
    if (fd < 0) spill(); // an empty body with inlining off
    // Not fsynced here: BlobStore.commitTemp makes the file and its name durable together.
    const closing = fd;
    fd = -1;
    closeSync(closing);
    return { blobId, meta, analysis, tempPath, bytes: null, size };
  } catch (e) {
    if (fd >= 0) closeQuietly(fd);
    if (tempPath !== null) removeQuietly(tempPath);
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
  if (i.tempPath !== null) removeQuietly(i.tempPath);
}
