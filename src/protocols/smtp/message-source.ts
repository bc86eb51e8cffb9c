// A message as a list of parts (buffers, and byte ranges of a spool file), so trace fields
// and signatures can be put in front of a large message without copying it, and the
// whole can be read any number of times (authentication checks, DKIM, delivery, the
// queue, the Sent copy) as a fresh stream each time.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/** Bytes [start, end) of a file. */
export interface FileRange {
  path: string;
  start: number;
  end: number;
}

export type MessagePart = Buffer | FileRange;

const partSize = (p: MessagePart): number => (Buffer.isBuffer(p) ? p.length : p.end - p.start);

export class MessageSource {
  readonly size: number;

  constructor(readonly parts: readonly MessagePart[]) {
    this.size = parts.reduce((n, p) => n + partSize(p), 0);
  }

  /** This message with `text` in front (trace fields, signatures); '' adds nothing. */
  prepend(text: string | Buffer): MessageSource {
    const b = typeof text === 'string' ? Buffer.from(text) : text;
    return b.length === 0 ? this : new MessageSource([b, ...this.parts]);
  }

  /** This message without its first `n` bytes (to replace a header block). */
  skip(n: number): MessageSource {
    const out: MessagePart[] = [];
    let left = n;
    for (const p of this.parts) {
      const len = partSize(p);
      if (left >= len) {
        left -= len;
        continue;
      }
      if (left > 0) out.push(Buffer.isBuffer(p) ? p.subarray(left) : { ...p, start: p.start + left });
      else out.push(p);
      left = 0;
    }
    return new MessageSource(out);
  }

  /** A fresh stream of every byte; files are opened only when read. */
  stream(): Readable {
    const parts = this.parts;
    return Readable.from(
      (async function* () {
        for (const p of parts) {
          if (Buffer.isBuffer(p)) {
            if (p.length) yield p;
          } else if (p.end > p.start) {
            yield* createReadStream(p.path, { start: p.start, end: p.end - 1, highWaterMark: 256 * 1024 });
          }
        }
      })(),
      { objectMode: false },
    );
  }

  /** The whole message in memory (small messages, tests). */
  async buffer(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this.stream()) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}
