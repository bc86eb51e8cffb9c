// SORT: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const sortCommand: CommandHandler<'SORT'> = {
  states: COMMAND_STATES.SORT,
  stub: true,
  handle: async (ctx) => ctx.no('SORT is not implemented yet', 'CANNOT'),
};
