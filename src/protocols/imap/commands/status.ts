// STATUS (RFC 9051 §6.3.11): counters of any mailbox, the selected one included, with
// no change of state.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { statusResponse } from '../wire/mailbox-responses.js';
import { recentFor, statusValues } from './shared/status-items.js';

export const statusCommand: CommandHandler<'STATUS'> = {
  states: COMMAND_STATES.STATUS,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    const box = await ctx.core.mailboxes.get(user.id, cmd.mailbox);
    if (!box) return ctx.no('No such mailbox', 'NONEXISTENT');
    if (cmd.items.includes('HIGHESTMODSEQ')) ctx.enable('CONDSTORE'); // RFC 7162 §3.1
    const recent = await recentFor(ctx.core, box, cmd.items);
    await ctx.send(
      statusResponse(box.name, statusValues(box, cmd.items, ctx.appendLimit, recent), ctx.encode),
    );
    return ctx.ok('STATUS completed');
  },
};
