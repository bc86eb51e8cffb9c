// THREAD / UID THREAD (RFC 5256 §3): REFERENCES and ORDEREDSUBJECT over the stored index
// fields (message/thread.ts), read a page at a time.

import type { CommandHandler } from '../../context.js';
import { checkCharset, runSearch } from '../../message/search-run.js';
import { orderedSubject, type ThreadInput, threadReferences } from '../../message/thread.js';
import { toRanges } from '../../sequence.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import { threadResponse } from '../../wire/search-responses.js';

export const threadCommand: CommandHandler<'THREAD'> = {
  states: COMMAND_STATES.THREAD,
  capabilities: ['THREAD=REFERENCES', 'THREAD=ORDEREDSUBJECT'],
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const algorithm = cmd.algorithm.toUpperCase();
    if (algorithm !== 'REFERENCES' && algorithm !== 'ORDEREDSUBJECT')
      return ctx.bad(`Unknown threading algorithm ${cmd.algorithm}`);
    const refused = checkCharset(ctx, cmd.program);
    if (refused) return refused;
    try {
      const uids = await runSearch(ctx, view, cmd.program);
      const inputs: ThreadInput[] = [];
      for await (const page of ctx.core.messages.pages(view.mailboxId, toRanges(uids), 500)) {
        for (const rec of page) {
          const seq = view.seq.uidToSeq(rec.uid);
          if (seq === 0) continue;
          const meta = await ctx.core.messages.blobMeta(rec.blobId);
          inputs.push({
            id: cmd.uid ? rec.uid : seq,
            messageId: meta?.messageId ?? null,
            inReplyTo: meta?.inReplyTo ?? null,
            references: meta?.references ?? [],
            subject: meta?.subject ?? '',
            date: (meta?.sentDate ?? rec.internalDate).getTime(),
          });
        }
      }
      if (ctx.selected !== view) return ctx.no('Mailbox was closed', 'CLOSED');
      const roots = algorithm === 'REFERENCES' ? threadReferences(inputs) : orderedSubject(inputs);
      await ctx.send(threadResponse(roots));
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('THREAD completed');
  },
};
