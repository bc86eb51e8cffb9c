// RENAME (RFC 9051 §6.3.6): children move too; renaming INBOX moves its messages to a
// new mailbox and leaves INBOX empty (the core implements the rule).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const renameCommand: CommandHandler<'RENAME'> = {
  states: COMMAND_STATES.RENAME,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    try {
      await ctx.core.mailboxes.rename(user.id, cmd.from, cmd.to);
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('RENAME completed');
  },
};
