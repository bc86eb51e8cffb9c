// EXPUNGE: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const expungeCommand: CommandHandler<'EXPUNGE'> = {
  states: COMMAND_STATES.EXPUNGE,
  stub: true,
  handle: async (ctx) => ctx.no('EXPUNGE is not implemented yet', 'CANNOT'),
};
