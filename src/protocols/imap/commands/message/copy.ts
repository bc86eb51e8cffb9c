// COPY: placeholder until the message-commands work fills it in (not advertised meanwhile).

import type { CommandHandler } from '../../context.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const copyCommand: CommandHandler<'COPY'> = {
  states: COMMAND_STATES.COPY,
  stub: true,
  handle: async (ctx) => ctx.no('COPY is not implemented yet', 'CANNOT'),
};
