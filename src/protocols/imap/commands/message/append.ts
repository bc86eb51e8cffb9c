// APPEND: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const appendCommand: CommandHandler<'APPEND'> = {
  states: COMMAND_STATES.APPEND,
  stub: true,
  handle: async (ctx) => ctx.no('APPEND is not implemented yet', 'CANNOT'),
};
