// COPY / UID COPY (RFC 9051 §6.4.7): see message/copy-move.ts.

import type { CommandHandler } from '../../context.js';
import { copyOrMove } from '../../message/copy-move.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const copyCommand: CommandHandler<'COPY'> = {
  states: COMMAND_STATES.COPY,
  capabilities: ['UIDPLUS'],
  handle: (ctx, cmd) => copyOrMove(ctx, cmd, false),
};
