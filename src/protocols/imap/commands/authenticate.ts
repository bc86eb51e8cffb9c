// AUTHENTICATE (RFC 9051 §6.2.2) with SASL-IR (RFC 4959): PLAIN and LOGIN through the
// shared SASL driver. Challenges are always "+ " and the base64 text, even when empty
// (CLIENT-QUIRKS §1, mutt). "*" cancels (BAD, RFC 9051 §6.2.2).

import { SaslExchange, type SaslResult } from '../../../auth/sasl/index.js';
import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { saslChallenge } from '../wire/responses.js';
import { completeLogin } from './shared/login.js';

export const authenticateCommand: CommandHandler<'AUTHENTICATE'> = {
  states: COMMAND_STATES.AUTHENTICATE,
  async handle(ctx, cmd) {
    if (ctx.session.capabilities().includes('LOGINDISABLED'))
      return ctx.no('Use STARTTLS (or port 993) before authenticating', 'PRIVACYREQUIRED');
    const sasl = new SaslExchange();
    const initial = cmd.initialResponse === null ? undefined : cmd.initialResponse || '=';
    let r: SaslResult = sasl.start(cmd.mechanism, initial);
    while (r.type === 'challenge') {
      await ctx.send(saslChallenge(r.challenge));
      const line = await ctx.session.readLine();
      if (line === null) {
        sasl.cancel();
        return ctx.bad('Authentication aborted');
      }
      r = sasl.step(line);
    }
    if (r.type === 'error') {
      switch (r.code) {
        case 'unsupported-mechanism':
          return ctx.no(`Unsupported mechanism ${cmd.mechanism.slice(0, 40)}`, 'CANNOT');
        case 'cancelled':
          return ctx.bad('Authentication cancelled');
        case 'authzid-not-allowed':
          return ctx.no('Acting as another user is not allowed', 'AUTHORIZATIONFAILED');
        default:
          return ctx.bad(r.message);
      }
    }
    return completeLogin(ctx, r.credentials.username, r.credentials.password);
  },
};
