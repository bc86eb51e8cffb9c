import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.2: after the handshake the server sends its capabilities again.
export const starttls: CommandSpec = {
  states: ['nonauth'],
  async handle(ctx) {
    if (ctx.secure || !ctx.canStartTls) {
      ctx.write(status('NO', 'STARTTLS not available'));
      return;
    }
    ctx.write(status('OK', 'Begin TLS negotiation now'));
    await ctx.startTls();
    ctx.write(ctx.capabilities() + status('OK', 'TLS active'));
  },
};
