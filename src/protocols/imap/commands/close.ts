// CLOSE (RFC 9051 §6.4.1): expunge \Deleted messages silently (no EXPUNGE responses)
// unless the mailbox was opened with EXAMINE, then leave it.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const closeCommand: CommandHandler<'CLOSE'> = {
  states: COMMAND_STATES.CLOSE,
  async handle(ctx) {
    const view = ctx.requireSelected();
    const user = ctx.requireUser();
    ctx.session.deselect();
    if (!view.readOnly && !view.deleted) {
      try {
        const r = await ctx.core.messages.expunge(user.id, view.mailboxId);
        view.ownExpunged(r.uids, r.modseq);
      } catch (e) {
        // The mailbox is closed either way (RFC 9051 §6.4.1: no EXPUNGE responses).
        const f = ctx.fail(e);
        return ctx.no(`Mailbox closed, but expunging failed: ${f.text}`, f.code);
      }
    }
    return ctx.ok('CLOSE completed');
  },
};
