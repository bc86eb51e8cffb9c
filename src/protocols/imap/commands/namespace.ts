// NAMESPACE (RFC 9051 §6.3.10): one personal namespace "" with "/" (CLIENT-QUIRKS rule 4).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { namespaceResponse } from '../wire/mailbox-responses.js';

export const namespaceCommand: CommandHandler<'NAMESPACE'> = {
  states: COMMAND_STATES.NAMESPACE,
  async handle(ctx) {
    await ctx.send(namespaceResponse([['', '/']], [], []));
    return ctx.ok('NAMESPACE completed');
  },
};
