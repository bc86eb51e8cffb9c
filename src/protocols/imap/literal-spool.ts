// A streamed APPEND/REPLACE literal written to a temporary file as it arrives, so a large
// message is never held in memory; read back once with source(), then dispose()d.

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiteralSink } from './wire/literal-sink.js';

export class LiteralSpool implements LiteralSink {
  private fh: FileHandle | null = null;
  private readonly path = join(tmpdir(), `postroom-imap-${process.pid}-${randomBytes(8).toString('hex')}`);
  private written = 0;
  private disposed = false;

  constructor(readonly size: number) {}

  async write(chunk: Buffer): Promise<void> {
    if (this.disposed) return;
    this.fh ??= await open(this.path, 'wx', 0o600);
    await this.fh.write(chunk);
    this.written += chunk.length;
  }

  async end(): Promise<void> {
    if (this.disposed) return;
    this.fh ??= await open(this.path, 'wx', 0o600);
    await this.fh.close();
    this.fh = null;
  }

  /** Bytes received. */
  get length(): number {
    return this.written;
  }

  /** The body, in chunks (read from the file). The file is opened only when the caller
   *  starts reading: a command that fails first (NO [TRYCREATE]) and disposes the spool
   *  must not leave a stream opening a deleted file (an unhandled ENOENT). */
  source(): AsyncIterable<Buffer> {
    const path = this.path;
    return (async function* () {
      yield* createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>;
    })();
  }

  abort(): void {
    void this.dispose();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    try {
      await this.fh?.close();
    } catch {
      // already closed
    }
    await unlink(this.path).catch(() => {});
  }
}
