// SEARCH: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const searchCommand: CommandHandler<'SEARCH'> = {
  states: COMMAND_STATES.SEARCH,
  stub: true,
  handle: async (ctx) => ctx.no('SEARCH is not implemented yet', 'CANNOT'),
};
