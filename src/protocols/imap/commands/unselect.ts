// UNSELECT (RFC 3691, RFC 9051 §6.4.2): leave the mailbox without expunging.

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const unselectCommand: CommandHandler<'UNSELECT'> = {
  states: COMMAND_STATES.UNSELECT,
  async handle(ctx) {
    ctx.session.deselect();
    return ctx.ok('UNSELECT completed');
  },
};
