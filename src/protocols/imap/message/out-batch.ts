// Untagged responses gathered into one write of about BATCH_BYTES: writing 100,000 small
// FETCH responses one by one costs a socket write (and an await) each.

import type { CommandContext } from '../context.js';
import type { ResponsePart } from '../wire/encode.js';

const BATCH_BYTES = 64 * 1024;

export class OutBatch {
  private parts: ResponsePart[] = [];
  private bytes = 0;

  constructor(private readonly ctx: Pick<CommandContext, 'send'>) {}

  async add(response: readonly ResponsePart[]): Promise<void> {
    for (const p of response) {
      this.parts.push(p);
      this.bytes += p.length;
    }
    if (this.bytes >= BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.bytes = 0;
    await this.ctx.send(parts);
  }
}
