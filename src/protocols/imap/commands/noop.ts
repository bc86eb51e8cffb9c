// NOOP (RFC 9051 §6.1.2): nothing, but queued changes of other sessions are reported
// before the tagged OK (the session flushes them after every command).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const noopCommand: CommandHandler<'NOOP'> = {
  states: COMMAND_STATES.NOOP,
  handle: async (ctx) => ctx.ok('NOOP completed'),
};
