// COMPRESS DEFLATE (RFC 4978): after the tagged OK both directions are raw DEFLATE.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const compressCommand: CommandHandler<'COMPRESS'> = {
  states: COMMAND_STATES.COMPRESS,
  async handle(ctx, cmd) {
    if (cmd.algorithm.toUpperCase() !== 'DEFLATE') return ctx.bad(`Unknown compression ${cmd.algorithm}`);
    if (ctx.session.compressed) return ctx.no('Compression is already active', 'COMPRESSIONACTIVE');
    return { ...ctx.ok('DEFLATE active'), after: () => ctx.session.startCompression() };
  },
};
