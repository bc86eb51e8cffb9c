// FETCH: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const fetchCommand: CommandHandler<'FETCH'> = {
  states: COMMAND_STATES.FETCH,
  stub: true,
  handle: async (ctx) => ctx.no('FETCH is not implemented yet', 'CANNOT'),
};
