// REPLACE: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const replaceCommand: CommandHandler<'REPLACE'> = {
  states: COMMAND_STATES.REPLACE,
  stub: true,
  handle: async (ctx) => ctx.no('REPLACE is not implemented yet', 'CANNOT'),
};
