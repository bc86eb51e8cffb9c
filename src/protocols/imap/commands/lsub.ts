// LSUB (RFC 3501 §6.3.9; deprecated by RFC 9051 but used by Apple Mail and mutt):
// subscribed names matching the pattern. A subscribed name whose mailbox is gone, and a
// parent matched by `%` that is not itself subscribed, carry \Noselect (Thunderbird,
// Dovecot's tb-lsub-flags, CLIENT-QUIRKS §1).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { listResponse } from '../wire/mailbox-responses.js';
import { mailboxEntries } from './list.js';
import { compareNames, compilePattern, joinReference } from './shared/list-pattern.js';

export const lsubCommand: CommandHandler<'LSUB'> = {
  states: COMMAND_STATES.LSUB,
  async handle(ctx, cmd) {
    if (cmd.pattern === '') {
      await ctx.send(
        listResponse({ command: 'LSUB', attributes: ['\\Noselect'], delimiter: '/', name: '' }, ctx.encode),
      );
      return ctx.ok('LSUB completed');
    }
    const match = compilePattern(joinReference(cmd.reference, cmd.pattern));
    const entries = [...(await mailboxEntries(ctx)).values()].sort((a, b) => compareNames(a.name, b.name));
    for (const e of entries) {
      if (!match(e.name)) continue;
      // RFC 3501 §6.3.9: with "%", an unsubscribed parent of a subscribed child is \Noselect.
      const impliedParent = !e.subscribed && e.childSubscribed && cmd.pattern.endsWith('%');
      if (!e.subscribed && !impliedParent) continue;
      const attrs: string[] = [];
      if (!e.box || impliedParent) attrs.push('\\Noselect');
      attrs.push(e.hasChildren ? '\\HasChildren' : '\\HasNoChildren');
      await ctx.send(
        listResponse({ command: 'LSUB', attributes: attrs, delimiter: '/', name: e.name }, ctx.encode),
      );
    }
    return ctx.ok('LSUB completed');
  },
};
