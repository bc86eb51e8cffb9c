// SETQUOTA (RFC 9208 §4.1.3): quotas are set by the administrator (CLI), never by clients.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const setQuotaCommand: CommandHandler<'SETQUOTA'> = {
  states: COMMAND_STATES.SETQUOTA,
  handle: async (ctx) => ctx.no('Quotas are set by the administrator', 'NOPERM'),
};
