// SUBSCRIBE / UNSUBSCRIBE (RFC 9051 §6.3.7, §6.3.8). Unsubscribing a name that is not
// subscribed succeeds (clients clean up blindly).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const subscribeCommand: CommandHandler<'SUBSCRIBE'> = {
  states: COMMAND_STATES.SUBSCRIBE,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    try {
      await ctx.core.mailboxes.subscribe(user.id, cmd.mailbox);
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('SUBSCRIBE completed');
  },
};

export const unsubscribeCommand: CommandHandler<'UNSUBSCRIBE'> = {
  states: COMMAND_STATES.UNSUBSCRIBE,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    try {
      await ctx.core.mailboxes.unsubscribe(user.id, cmd.mailbox);
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('UNSUBSCRIBE completed');
  },
};
