// THREAD: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const threadCommand: CommandHandler<'THREAD'> = {
  states: COMMAND_STATES.THREAD,
  stub: true,
  handle: async (ctx) => ctx.no('THREAD is not implemented yet', 'CANNOT'),
};
