// LOGIN (RFC 9051 §6.2.3): refused before TLS on non-loopback connections
// (LOGINDISABLED is then advertised, CLIENT-QUIRKS §2).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { completeLogin } from './shared/login.js';

export const loginCommand: CommandHandler<'LOGIN'> = {
  states: COMMAND_STATES.LOGIN,
  async handle(ctx, cmd) {
    if (ctx.session.capabilities().includes('LOGINDISABLED'))
      return ctx.no('Use STARTTLS (or port 993) before logging in', 'PRIVACYREQUIRED');
    return completeLogin(ctx, cmd.user, cmd.password);
  },
};
