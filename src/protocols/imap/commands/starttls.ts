// STARTTLS (RFC 9051 §6.2.1): OK, then the TLS handshake; anything the client pipelined
// after the command is discarded and the connection closed (RFC 9051 §11.1).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const startTlsCommand: CommandHandler<'STARTTLS'> = {
  states: COMMAND_STATES.STARTTLS,
  async handle(ctx) {
    if (ctx.secure) return ctx.bad('TLS is already active');
    if (!ctx.session.capabilities().includes('STARTTLS'))
      return ctx.no('STARTTLS is not available', 'CANNOT');
    return {
      ...ctx.ok('Begin TLS negotiation now'),
      after: async () => {
        await ctx.session.startTls();
      },
    };
  },
};
