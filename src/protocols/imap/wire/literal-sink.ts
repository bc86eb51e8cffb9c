// Routes streamed literals (APPEND/REPLACE message bodies) from framer events to sinks the
// session provides (e.g. a temporary blob in the store), so a 50 MB APPEND is never held
// in memory. Pure: the sinks do the I/O; the router only keeps track of them.

import type { FramerEvent } from './frame.js';

export interface LiteralInfo {
  id: number;
  tag: string | null;
  command: string;
  size: number;
  binary: boolean;
}

export interface LiteralSink {
  /** Awaited before the next chunk: the session pauses the socket meanwhile. */
  write(chunk: Buffer): Promise<void> | void;
  /** All `size` bytes were written. */
  end(): Promise<void> | void;
  /** The command was dropped or the connection closed: discard what was written. */
  abort(): void;
}

export class LiteralRouter<S extends LiteralSink> {
  private readonly open = new Map<number, S>();
  private readonly done = new Map<number, S>();

  constructor(private readonly create: (info: LiteralInfo) => S) {}

  /** Handles literal-start/data/end events; returns false for any other event. */
  async handle(ev: FramerEvent): Promise<boolean> {
    switch (ev.kind) {
      case 'literal-start': {
        const { id, tag, command, size, binary } = ev;
        this.open.set(id, this.create({ id, tag, command, size, binary }));
        return true;
      }
      case 'literal-data': {
        await this.open.get(ev.id)?.write(ev.chunk);
        return true;
      }
      case 'literal-end': {
        const sink = this.open.get(ev.id);
        if (sink) {
          this.open.delete(ev.id);
          await sink.end();
          this.done.set(ev.id, sink);
        }
        return true;
      }
      default:
        return false;
    }
  }

  /** The finished sink of a StreamedPart in a parsed command; the caller now owns it. */
  take(id: number): S | undefined {
    const s = this.done.get(id);
    this.done.delete(id);
    return s;
  }

  /** After an `error` event or a parse failure, or on close: abort every sink not taken. */
  abortAll(): void {
    for (const s of this.open.values()) s.abort();
    for (const s of this.done.values()) s.abort();
    this.open.clear();
    this.done.clear();
  }

  /** Sinks held (open or finished but not taken). */
  get pending(): number {
    return this.open.size + this.done.size;
  }
}
