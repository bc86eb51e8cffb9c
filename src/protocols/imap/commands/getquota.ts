// GETQUOTA (RFC 9208 §4.1.1): the user's one quota root is "".

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { quotaResponse } from '../wire/mailbox-responses.js';
import { userQuota } from './shared/quota.js';

export const getQuotaCommand: CommandHandler<'GETQUOTA'> = {
  states: COMMAND_STATES.GETQUOTA,
  async handle(ctx, cmd) {
    const resources = cmd.root === '' ? await userQuota(ctx) : [];
    if (resources.length === 0) return ctx.no(`No quota root ${cmd.root.slice(0, 50)}`, 'NONEXISTENT');
    await ctx.send(quotaResponse('', resources));
    return ctx.ok('GETQUOTA completed');
  },
};
