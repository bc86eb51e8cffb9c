// EXPUNGE and UID EXPUNGE (RFC 9051 §6.4.3, §6.4.9; RFC 4315). The core honours the
// account's expungeMode ('trash': \Deleted messages are moved to Trash first).

import type { CommandHandler } from '../../context.js';
import { reportExpunged } from '../../message/expunged.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';

export const expungeCommand: CommandHandler<'EXPUNGE'> = {
  states: COMMAND_STATES.EXPUNGE,
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const user = ctx.requireUser();
    if (view.readOnly) return ctx.no('Mailbox is read-only', 'READ-ONLY');
    let ranges = [{ start: 1, end: view.seq.maxUid }];
    if (cmd.set) {
      const set = ctx.resolve(cmd.set, true);
      if (!set) return ctx.bad('Invalid UID set');
      ranges = set.uidRanges();
    }
    // Only messages this session knows: one appended meanwhile is not expunged unseen.
    if (ranges.length === 0 || view.seq.size === 0) return ctx.ok('EXPUNGE completed');
    try {
      const r = await ctx.core.messages.expunge(user.id, view.mailboxId, ranges);
      await reportExpunged(ctx, view, r.uids, r.modseq);
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('EXPUNGE completed');
  },
};
