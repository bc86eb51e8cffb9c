// MOVE / UID MOVE (RFC 6851, RFC 9051 §6.4.8): see message/copy-move.ts.

import type { CommandHandler } from '../../context.js';
import { copyOrMove } from '../../message/copy-move.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const moveCommand: CommandHandler<'MOVE'> = {
  states: COMMAND_STATES.MOVE,
  capabilities: ['MOVE'],
  handle: (ctx, cmd) => copyOrMove(ctx, cmd, true),
};
