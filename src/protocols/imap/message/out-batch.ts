// Untagged responses gathered into one write of about BATCH_BYTES: writing 100,000 small
// FETCH responses one by one costs a socket write (and an await) each. One batch may be
// on its way to the socket while the next is built (reading bodies overlaps the client
// draining the previous batch); never more, so memory stays bounded at two batches.

import type { CommandContext } from '../context.js';
import type { ResponsePart } from '../wire/encode.js';

const BATCH_BYTES = 256 * 1024;

export class OutBatch {
  private parts: ResponsePart[] = [];
  private bytes = 0;
  private inflight: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: Pick<CommandContext, 'send'>) {}

  async add(response: readonly ResponsePart[]): Promise<void> {
    for (const p of response) {
      this.parts.push(p);
      this.bytes += p.length;
    }
    if (this.bytes >= BATCH_BYTES) await this.handOver();
  }

  /** Sends what is gathered and waits until every batch has been written. */
  async flush(): Promise<void> {
    await this.handOver();
    await this.inflight;
  }

  /** Starts writing the gathered parts once the previous batch is written. */
  private async handOver(): Promise<void> {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.bytes = 0;
    const previous = this.inflight;
    const sending = this.ctx.send(parts);
    // Reported by flush() or the next handOver(), never left unhandled.
    sending.catch(() => {});
    this.inflight = sending;
    await previous;
  }
}
