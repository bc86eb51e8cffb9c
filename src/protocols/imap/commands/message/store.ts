// STORE: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const storeCommand: CommandHandler<'STORE'> = {
  states: COMMAND_STATES.STORE,
  stub: true,
  handle: async (ctx) => ctx.no('STORE is not implemented yet', 'CANNOT'),
};
