// SEARCH / UID SEARCH (RFC 9051 §6.4.4; RFC 4731 ESEARCH; RFC 5182 SEARCHRES; RFC 7162
// §3.1.5 MODSEQ; RFC 9394 PARTIAL; RFC 5032 WITHIN).

import type { CommandHandler } from '../../context.js';
import { MAX_LIVE_SEARCHES, newLiveSearch, quoteTag } from '../../message/live-search.js';
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
        // RFC 5267 §4.2: a later search with the same tag replaces the earlier one.
        if (cmd.returns.update) {
          const kept = view.liveSearches.filter((s) => s.tag !== cmd.tag);
          // RFC 5267 §4.2: a server may decline to keep a search live (NOUPDATE).
          if (kept.length >= MAX_LIVE_SEARCHES)
            return ctx.ok('SEARCH completed, too many live searches', `NOUPDATE ${quoteTag(cmd.tag)}`);
          view.liveSearches = [...kept, newLiveSearch(cmd.tag, cmd.uid, cmd.program, uids)];
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
