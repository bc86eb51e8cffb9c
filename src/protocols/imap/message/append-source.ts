// The body of one APPEND/REPLACE message: a buffered literal or a spooled stream
// (ctx.takeLiteral), with cleanup of every spool whatever happens.

import type { RawSource } from '../../../core/ingest.js';
import { validateFlags } from '../../../core/messages.js';
import type { CommandContext } from '../context.js';
import type { LiteralSpool } from '../literal-spool.js';
import type { AppendMessage } from '../wire/commands/types.js';

export interface PreparedAppend {
  source: RawSource;
  flags: string[];
  internalDate?: Date;
}

export class AppendSources {
  private readonly spools: LiteralSpool[] = [];

  constructor(private readonly ctx: CommandContext) {}

  /** The core's input for `m`; throws MailError Invalid for bad flags. */
  prepare(m: AppendMessage): PreparedAppend {
    let source: RawSource;
    if (m.data.kind === 'literal') {
      const data = m.data.data;
      source = (async function* () {
        yield data;
      })();
    } else {
      const spool = this.ctx.takeLiteral(m.data.id);
      if (!spool) throw new Error(`streamed literal ${m.data.id} is missing`);
      this.spools.push(spool);
      source = spool.source();
    }
    // \Recent is never set by a client (RFC 3501 §2.3.2): dropped.
    const flags = validateFlags(m.flags.filter((f) => f.toLowerCase() !== '\\recent'));
    return m.date ? { source, flags, internalDate: new Date(m.date.time) } : { source, flags };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.spools.map((s) => s.dispose()));
  }
}
