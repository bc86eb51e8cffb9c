// MOVE: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const moveCommand: CommandHandler<'MOVE'> = {
  states: COMMAND_STATES.MOVE,
  stub: true,
  handle: async (ctx) => ctx.no('MOVE is not implemented yet', 'CANNOT'),
};
