// DELETE (RFC 9051 §6.3.5): INBOX cannot be deleted; children stay (the name then lists
// as \NonExistent / \Noselect). Its subscription goes with it.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const deleteCommand: CommandHandler<'DELETE'> = {
  states: COMMAND_STATES.DELETE,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    try {
      await ctx.core.mailboxes.delete(user.id, cmd.mailbox);
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('DELETE completed');
  },
};
