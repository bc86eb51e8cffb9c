// NOTIFY (RFC 5465): SELECTED / SELECTED-DELAYED events for the selected mailbox, and
// PERSONAL, INBOXES, SUBSCRIBED, SUBTREE, MAILBOXES groups for the others (STATUS and
// LIST responses pushed without polling). NOTIFY NONE turns it off.

import type { CommandHandler } from '../context.js';
import type { NotifySpec } from '../notify.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

const SUPPORTED = new Set([
  'MessageNew',
  'MessageExpunge',
  'FlagChange',
  'MailboxName',
  'SubscriptionChange',
]);

export const notifyCommand: CommandHandler<'NOTIFY'> = {
  states: COMMAND_STATES.NOTIFY,
  async handle(ctx, cmd) {
    if (cmd.groups === null) {
      ctx.session.setNotify(null);
      return ctx.ok('NOTIFY NONE completed');
    }
    const spec: NotifySpec = { selected: null, others: [] };
    for (const g of cmd.groups) {
      const events = (g.events ?? []).map((e) => e.kind);
      const bad = events.find((e) => !SUPPORTED.has(e));
      if (bad)
        return ctx.no(
          `Event ${bad} is not supported`,
          'BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange)',
        );
      // RFC 5465 §5 pairing rules: checked by the parser (wire/commands/notify.ts).
      if (g.filter.kind === 'selected') {
        const fetch = (g.events ?? []).flatMap((e) => (e.kind === 'MessageNew' ? e.fetch : []));
        spec.selected = { events, delayed: g.filter.delayed, fetch };
      } else spec.others.push({ filter: g.filter, events });
    }
    const router = ctx.session.setNotify(spec);
    const user = ctx.requireUser();
    const boxes = await ctx.core.mailboxes.list(user.id);
    await router?.prepare(boxes);
    if (cmd.status && router)
      for (const r of await router.initialStatus(boxes, ctx.selected?.mailboxId ?? null)) await ctx.send(r);
    return ctx.ok('NOTIFY completed');
  },
};
