// SORT / UID SORT (RFC 5256 §3; RFC 5957 DISPLAYFROM/DISPLAYTO; RFC 5267 ESORT through
// RETURN, CONTEXT=SORT through RETURN (UPDATE); RFC 9394 PARTIAL): the store sorts (ties
// by arrival order, RFC 5256 §3).

import type { CommandHandler } from '../../context.js';
import { keepLive } from '../../message/live-search.js';
import { checkCharset, runSearch, sendEsearch } from '../../message/search-run.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import { searchResponse } from '../../wire/search-responses.js';

export const sortCommand: CommandHandler<'SORT'> = {
  states: COMMAND_STATES.SORT,
  capabilities: ['SORT', 'SORT=DISPLAY', 'ESORT', 'CONTEXT=SORT'],
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const refused = checkCharset(ctx, cmd.program);
    if (refused) return refused;
    try {
      const uids = await runSearch(ctx, view, cmd.program, cmd.criteria);
      if (ctx.selected !== view) return ctx.no('Mailbox was closed', 'CLOSED');
      if (cmd.returns) {
        await sendEsearch(ctx, view, cmd.tag, cmd.uid, cmd.returns, uids, null, true);
        if (cmd.returns.update) {
          const live = { tag: cmd.tag, uid: cmd.uid, program: cmd.program };
          const declined = keepLive(ctx, view, live, uids, cmd.criteria);
          if (declined) return declined;
        }
      } else
        await ctx.send(searchResponse(cmd.uid ? uids : uids.map((u) => view.seq.uidToSeq(u)), null, 'SORT'));
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('SORT completed');
  },
};
