// APPEND and MULTIAPPEND (RFC 9051 §6.3.12, RFC 3502 all-or-nothing, RFC 4315 APPENDUID,
// RFC 7889 APPENDLIMIT, RFC 6855 UTF8 literals, RFC 3516 literal8). Bodies are streamed
// from spooled literals into the core's ingest. Every message APPENDed (or MULTIAPPENDed)
// into a \Sent mailbox goes through the shared Sent-copy deduper, so a client's copy and
// the server's own copy of a submitted message end as one message (CLIENT-QUIRKS §5).
// CATENATE (RFC 4469) messages are assembled by AppendSources from TEXT literals and IMAP
// URLs.

import type { AppendResult } from '../../../../store/types.js';
import type { CommandHandler } from '../../context.js';
import { AppendSources } from '../../message/append-source.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import { appendUidCode } from '../../wire/responses.js';

export const appendCommand: CommandHandler<'APPEND'> = {
  states: COMMAND_STATES.APPEND,
  capabilities: ['MULTIAPPEND', 'UIDPLUS', 'CATENATE'],
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    const sources = new AppendSources(ctx);
    try {
      // The destination first: [TRYCREATE] wins over a CATENATE [BADURL] (RFC 4469 §5).
      const box = await ctx.core.mailboxes.require(user.id, cmd.mailbox);
      const inputs = [];
      for (const m of cmd.messages) inputs.push(await sources.prepare(m));
      // Into \Sent, each message (APPEND or MULTIAPPEND) goes through the Sent-copy deduper.
      const results: AppendResult[] =
        box.specialUse === '\\Sent'
          ? await ctx.core.sentCopies.appendAllOnce(user.id, box, inputs)
          : await ctx.core.messages.appendMany(user.id, box.id, inputs);
      // RFC 5465 §5.2: no NOTIFY MessageNew FETCH for what this client added itself.
      if (ctx.selected?.mailboxId === box.id) ctx.selected.ownAppended(results.map((r) => r.uid));
      const uidValidity = results[0]?.uidValidity ?? box.uidValidity;
      return ctx.ok(
        'APPEND completed',
        appendUidCode(
          uidValidity,
          results.map((r) => r.uid),
        ),
      );
    } catch (e) {
      return ctx.fail(e, { notFoundIsTryCreate: true });
    } finally {
      await sources.dispose();
    }
  },
};
