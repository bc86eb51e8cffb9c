// THREAD / UID THREAD (RFC 5256 §3): REFERENCES and ORDEREDSUBJECT over the stored index
// fields (message/thread.ts), read a page of 5,000 messages per store query.

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
      // One store query per page of 5,000 (never a read per message).
      for await (const page of ctx.core.messages.threadPages(view.mailboxId, toRanges(uids))) {
        for (const f of page) {
          const seq = view.seq.uidToSeq(f.uid);
          if (seq === 0) continue;
          inputs.push({
            id: cmd.uid ? f.uid : seq,
            messageId: f.messageId,
            inReplyTo: f.inReplyTo,
            references: f.references,
            subject: f.subject,
            date: f.date.getTime(),
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
