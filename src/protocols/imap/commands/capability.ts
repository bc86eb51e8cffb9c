// CAPABILITY (RFC 9051 §6.1.1): what is implemented, for the current state.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const capabilityCommand: CommandHandler<'CAPABILITY'> = {
  states: COMMAND_STATES.CAPABILITY,
  async handle(ctx) {
    await ctx.untagged(`CAPABILITY ${ctx.session.capabilities().join(' ')}`);
    return ctx.ok('CAPABILITY completed');
  },
};
