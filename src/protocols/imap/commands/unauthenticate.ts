// UNAUTHENTICATE (RFC 8437): back to the not-authenticated state on the same connection.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const unauthenticateCommand: CommandHandler<'UNAUTHENTICATE'> = {
  states: COMMAND_STATES.UNAUTHENTICATE,
  async handle(ctx) {
    ctx.session.unauthenticate();
    return ctx.ok('UNAUTHENTICATE completed');
  },
};
