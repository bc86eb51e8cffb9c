// CHECK (RFC 3501 §6.4.1; removed in RFC 9051 but still sent): the store is always
// consistent, so this is a NOOP that reports queued changes.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const checkCommand: CommandHandler<'CHECK'> = {
  states: COMMAND_STATES.CHECK,
  handle: async (ctx) => ctx.ok('CHECK completed'),
};
