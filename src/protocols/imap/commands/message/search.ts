// SEARCH / UID SEARCH (RFC 9051 §6.4.4; RFC 4731 ESEARCH; RFC 5182 SEARCHRES; RFC 7162
// §3.1.5 MODSEQ; RFC 9394 PARTIAL; RFC 5032 WITHIN).

import type { CommandHandler } from '../../context.js';
import { keepLive } from '../../message/live-search.js';
import {
  checkCharset,
  highestModseqOf,
  modseqScope,
  runSearch,
  sendEsearch,
} from '../../message/search-run.js';
import { usesModseq } from '../../message/search-translate.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import { searchResponse } from '../../wire/search-responses.js';

export const searchCommand: CommandHandler<'SEARCH'> = {
  states: COMMAND_STATES.SEARCH,
  capabilities: ['ESEARCH', 'SEARCHRES', 'WITHIN', 'CONTEXT=SEARCH'],
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const refused = checkCharset(ctx, cmd.program);
    if (refused) return refused;
    const modseqAsked = usesModseq(cmd.program);
    if (modseqAsked) ctx.enable('CONDSTORE');
    try {
      const uids = await runSearch(ctx, view, cmd.program);
      if (ctx.selected !== view) return ctx.no('Mailbox was closed', 'CLOSED');
      const modseq =
        modseqAsked && uids.length > 0
          ? await highestModseqOf(ctx, view, modseqScope(cmd.returns, uids))
          : null;
      if (cmd.returns) {
        await sendEsearch(ctx, view, cmd.tag, cmd.uid, cmd.returns, uids, modseq, false);
        if (cmd.returns.update) {
          const declined = keepLive(
            ctx,
            view,
            { tag: cmd.tag, uid: cmd.uid, program: cmd.program },
            uids,
            null,
          );
          if (declined) return declined;
        }
      } else {
        const nums = cmd.uid ? uids : uids.map((u) => view.seq.uidToSeq(u));
        await ctx.send(searchResponse(nums, modseq));
      }
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('SEARCH completed');
  },
};
