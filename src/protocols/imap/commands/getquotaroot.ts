// GETQUOTAROOT (RFC 9208 §4.1.2): every mailbox of a user shares the root "".

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { quotaResponse, quotaRootResponse } from '../wire/mailbox-responses.js';
import { userQuota } from './shared/quota.js';

export const getQuotaRootCommand: CommandHandler<'GETQUOTAROOT'> = {
  states: COMMAND_STATES.GETQUOTAROOT,
  async handle(ctx, cmd) {
    const user = ctx.requireUser();
    const box = await ctx.core.mailboxes.get(user.id, cmd.mailbox);
    if (!box) return ctx.no('No such mailbox', 'NONEXISTENT');
    const resources = await userQuota(ctx);
    await ctx.send(quotaRootResponse(box.name, resources.length ? [''] : [], ctx.encode));
    if (resources.length) await ctx.send(quotaResponse('', resources));
    return ctx.ok('GETQUOTAROOT completed');
  },
};
