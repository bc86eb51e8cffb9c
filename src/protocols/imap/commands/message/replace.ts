// REPLACE / UID REPLACE (RFC 8508): appends the new message to the named mailbox, then
// expunges the old one from the selected mailbox, reporting APPENDUID in an untagged OK
// and the expunge before the tagged OK (RFC 8508 §3.3). The two steps are separate
// transactions: a failure after the append leaves both messages (never neither).

import type { CommandHandler } from '../../context.js';
import { AppendSources } from '../../message/append-source.js';
import { reportExpunged } from '../../message/expunged.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import { appendUidCode, untaggedStatus } from '../../wire/responses.js';

export const replaceCommand: CommandHandler<'REPLACE'> = {
  states: COMMAND_STATES.REPLACE,
  capabilities: ['REPLACE'],
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const user = ctx.requireUser();
    const sources = new AppendSources(ctx);
    try {
      if (view.readOnly) return ctx.no('Mailbox is read-only', 'READ-ONLY');
      const uid = cmd.uid ? cmd.target : view.seq.seqToUid(cmd.target);
      if (!uid || !view.seq.has(uid)) {
        return cmd.uid ? ctx.no('No such message', 'NONEXISTENT') : ctx.bad('Invalid message number');
      }
      const box = await ctx.core.mailboxes.require(user.id, cmd.mailbox);
      const input = await sources.prepare(cmd.message);
      const r = await ctx.core.messages.append(user.id, box.id, input);
      // RFC 5465 §5.2: no NOTIFY MessageNew FETCH for what this client added itself.
      if (box.id === view.mailboxId) view.ownAppended([r.uid]);
      await ctx.send(untaggedStatus('OK', 'Replacement appended', appendUidCode(r.uidValidity, [r.uid])));
      if (ctx.selected !== view) return ctx.ok('REPLACE completed');
      const gone = await ctx.core.messages.remove(user.id, view.mailboxId, [{ start: uid, end: uid }]);
      await reportExpunged(ctx, view, gone.uids, gone.modseq);
      return ctx.ok('REPLACE completed');
    } catch (e) {
      return ctx.fail(e, { notFoundIsTryCreate: true });
    } finally {
      await sources.dispose();
    }
  },
};
