// RESETKEY (RFC 4467 §7.1): without arguments every mailbox access key of the user is
// removed; with a mailbox, that mailbox's key (for the mechanisms named, all when none).
// Every URL authorized with a removed key stops working at once.

import { URLAUTH_MECHANISMS } from '../../../core/urlauth.js';
import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const resetKeyCommand: CommandHandler<'RESETKEY'> = {
  states: COMMAND_STATES.RESETKEY,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    try {
      if (cmd.mailbox === null) {
        await ctx.core.urlAuth.reset(user.id);
        return ctx.ok('All mailbox access keys removed');
      }
      const box = await ctx.core.mailboxes.get(user.id, cmd.mailbox);
      if (!box) return ctx.no('No such mailbox', 'NONEXISTENT');
      const unknown = cmd.mechanisms.find((m) => !(URLAUTH_MECHANISMS as readonly string[]).includes(m));
      if (unknown) return ctx.no(`Unknown URLAUTH mechanism ${unknown}`);
      await ctx.core.urlAuth.reset(user.id, box.id);
      // RFC 4467 §7.1 example: the tagged OK lists the mailbox's mechanisms.
      return ctx.ok('Mailbox access key reset', `URLMECH ${URLAUTH_MECHANISMS.join(' ')}`);
    } catch (e) {
      return ctx.fail(e);
    }
  },
};
