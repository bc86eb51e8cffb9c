// CREATE (RFC 9051 §6.3.4) with CREATE-SPECIAL-USE (RFC 6154 §3). Missing parents are
// created too. With imap.autoSubscribe (the default) new mailboxes are subscribed, and
// CREATE of an existing but unsubscribed mailbox subscribes it and answers OK (Thunderbird
// shows subscribed folders only, CLIENT-QUIRKS §1); without it CREATE is RFC 9051's:
// nothing is subscribed and an existing mailbox is NO [ALREADYEXISTS].

import type { SpecialUse } from '../../../store/types.js';
import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

const USES: readonly SpecialUse[] = [
  '\\Sent',
  '\\Drafts',
  '\\Trash',
  '\\Junk',
  '\\Archive',
  '\\All',
  '\\Flagged',
];

export const createCommand: CommandHandler<'CREATE'> = {
  states: COMMAND_STATES.CREATE,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    let use: SpecialUse | null = null;
    if (cmd.use && cmd.use.length > 0) {
      if (cmd.use.length > 1) return ctx.no('Only one special use per mailbox', 'USEATTR');
      const found = USES.find((u) => u.toLowerCase() === cmd.use![0]!.toLowerCase());
      if (!found) return ctx.no(`Unsupported special use ${cmd.use[0]!.slice(0, 30)}`, 'USEATTR');
      use = found;
    }
    try {
      const existing = await ctx.core.mailboxes.get(user.id, cmd.mailbox);
      if (existing) {
        if (existing.subscribed || use !== null || !ctx.autoSubscribe)
          return ctx.no('Mailbox already exists', 'ALREADYEXISTS');
        await ctx.core.mailboxes.subscribe(user.id, existing.name);
        return ctx.ok('Mailbox exists; now subscribed');
      }
      await ctx.core.mailboxes.create(user.id, cmd.mailbox, use, ctx.autoSubscribe);
    } catch (e) {
      return ctx.fail(e);
    }
    return ctx.ok('CREATE completed');
  },
};
