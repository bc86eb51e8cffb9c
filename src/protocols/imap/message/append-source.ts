// The body of one APPEND/REPLACE message: a buffered literal, a spooled stream
// (ctx.takeLiteral), or a CATENATE list (RFC 4469) of TEXT literals and URLs whose data is
// read from the store while the new message is ingested (nothing held in memory); every
// spool is cleaned up whatever happens. A message sent as literal8 has its "binary" parts
// stored as base64 (src/mime/binary-encode.ts, RFC 3516 §4.4).

import type { RawSource } from '../../../core/ingest.js';
import { validateFlags } from '../../../core/messages.js';
import { createAnalyzer } from '../../../mime/analyzer.js';
import { binaryLeaves, encodeBinaryParts, NulOutsideBinaryError } from '../../../mime/binary-encode.js';
import type { CommandContext } from '../context.js';
import { CodedRefusal } from '../errors.js';
import type { LiteralSpool } from '../literal-spool.js';
import type { AppendMessage, CatPart } from '../wire/commands/types.js';
import type { LiteralPart, StreamedPart } from '../wire/frame.js';
import { badUrlText, locateUrl, urlBody, valueSource } from './url-data.js';

export interface PreparedAppend {
  source: RawSource;
  flags: string[];
  internalDate?: Date;
}

type Chunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export class AppendSources {
  private readonly spools: LiteralSpool[] = [];

  constructor(private readonly ctx: CommandContext) {}

  /** The core's input for `m`. Throws MailError Invalid for bad flags, CodedRefusal
   *  [BADURL] for a CATENATE URL that cannot be used (RFC 4469 §5). Check the destination
   *  mailbox first: [TRYCREATE] wins over [BADURL] (imaptest "catenate"). */
  async prepare(m: AppendMessage): Promise<PreparedAppend> {
    // \Recent is never set by a client (RFC 3501 §2.3.2): dropped.
    const flags = validateFlags(m.flags.filter((f) => f.toLowerCase() !== '\\recent'));
    const data = m.data;
    const read = data.kind === 'catenate' ? await this.catenate(data.parts) : this.literal(data);
    const binary =
      data.kind === 'catenate' ? data.parts.some((p) => p.kind === 'text' && p.data.binary) : data.binary;
    const source = binary ? await storableBinary(read) : read();
    return m.date ? { source, flags, internalDate: new Date(m.date.time) } : { source, flags };
  }

  /** A literal's bytes, read when the returned function is called. */
  private literal(data: LiteralPart | StreamedPart): () => Chunks {
    if (data.kind === 'literal') return () => [data.data];
    const spool = this.ctx.takeLiteral(data.id);
    if (!spool) throw new Error(`streamed literal ${data.id} is missing`);
    this.spools.push(spool);
    return () => spool.source();
  }

  /** Every URL is resolved before any byte is ingested, so a bad one fails the command
   *  without side effects; the pieces are then read one after the other. */
  private async catenate(parts: CatPart[]): Promise<() => Chunks> {
    const pieces: Array<() => Chunks> = [];
    for (const p of parts) {
      if (p.kind === 'text') {
        pieces.push(this.literal(p.data));
        continue;
      }
      const t = await locateUrl(this.ctx, p.url, 'catenate');
      if (typeof t === 'string') throw new CodedRefusal(`BADURL ${badUrlText(p.url)}`, `CATENATE: ${t}`);
      const v = await urlBody(this.ctx, t);
      pieces.push(() => valueSource(v));
    }
    return async function* () {
      for (const piece of pieces) yield* piece();
    };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.spools.map((s) => s.dispose()));
  }
}

/**
 * A literal8 message as it can be stored (RFC 3516 §4.4): its bytes are read twice, once to
 * find the parts declared "Content-Transfer-Encoding: binary" (offsets in the bytes as
 * sent, bare LFs included), then to stream them with those parts base64-encoded. A NUL
 * anywhere else (header, 8bit text) cannot be stored or sent back in a BODY[] literal:
 * the APPEND fails with NO [UNKNOWN-CTE], the code RFC 3516 §4.4 gives to a mailbox that
 * cannot store the binary content.
 */
async function storableBinary(read: () => Chunks): Promise<RawSource> {
  const analyzer = createAnalyzer({ maxIndexedText: 0 });
  for await (const c of read()) analyzer.write(Buffer.from(c.buffer, c.byteOffset, c.length));
  const leaves = binaryLeaves(analyzer.end().structure);
  return (async function* () {
    try {
      yield* encodeBinaryParts(read(), leaves);
    } catch (e) {
      if (!(e instanceof NulOutsideBinaryError)) throw e;
      throw new CodedRefusal(
        'UNKNOWN-CTE',
        'APPEND: NUL octet outside a Content-Transfer-Encoding: binary part',
      );
    }
  })();
}
