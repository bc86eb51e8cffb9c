// ID (RFC 2971): logs the client's name/version (the only reliable way to tell clients
// apart, CLIENT-QUIRKS §2) and answers with ours.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { idResponse } from '../wire/responses.js';

export const idCommand: CommandHandler<'ID'> = {
  states: COMMAND_STATES.ID,
  capabilities: ['ID'],
  async handle(ctx, cmd) {
    ctx.session.clientId(cmd.params);
    await ctx.send(
      idResponse([
        ['name', 'Postroom'],
        ['vendor', 'Postroom'],
      ]),
    );
    return ctx.ok('ID completed');
  },
};
