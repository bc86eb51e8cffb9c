// IDLE (RFC 2177, RFC 9051 §6.3.13): changes are pushed as they happen until DONE.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const idleCommand: CommandHandler<'IDLE'> = {
  states: COMMAND_STATES.IDLE,
  handle: (ctx) => ctx.session.idle(),
};
