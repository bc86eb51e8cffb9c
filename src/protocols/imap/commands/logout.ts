// LOGOUT (RFC 9051 §6.1.3): BYE, the tagged OK, then the connection closes.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const logoutCommand: CommandHandler<'LOGOUT'> = {
  states: COMMAND_STATES.LOGOUT,
  async handle(ctx) {
    await ctx.untagged('BYE Postroom logging out');
    ctx.session.logout();
    return ctx.ok('LOGOUT completed');
  },
};
