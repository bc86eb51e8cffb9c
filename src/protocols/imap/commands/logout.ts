// LOGOUT (RFC 9051 §6.1.3): BYE, the tagged OK, then the connection closes.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const logoutCommand: CommandHandler<'LOGOUT'> = {
  states: COMMAND_STATES.LOGOUT,
  async handle(ctx) {
    // Marked done before BYE is written, so no push or flush can slip in after it.
    ctx.session.logout();
    await ctx.untagged('BYE Postroom logging out');
    return ctx.ok('LOGOUT completed');
  },
};
