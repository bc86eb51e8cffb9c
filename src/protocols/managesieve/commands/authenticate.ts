import { decodeSaslBase64, parsePlainMessage } from '../../../auth/sasl/index.js';
import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.1 with SASL PLAIN (RFC 4616). Without an initial response the server
// sends an empty challenge ("") and reads the client's answer as a string.
export const authenticate: CommandSpec = {
  states: ['nonauth'],
  async handle(ctx, args) {
    const mech = args[0]?.kind === 'string' ? args[0].value.toUpperCase() : '';
    if (mech !== 'PLAIN') {
      ctx.write(status('NO', 'Only PLAIN is supported'));
      return;
    }
    let response = args[1]?.kind === 'string' ? args[1].value : null;
    if (response === null) {
      ctx.write('""\r\n');
      response = await ctx.readClientString();
      if (response === null) return;
      if (response === '*') {
        ctx.write(status('NO', 'Authentication cancelled'));
        return;
      }
    }
    const bytes = decodeSaslBase64(response);
    const step = bytes ? parsePlainMessage(bytes) : null;
    if (step?.type !== 'done') {
      ctx.write(status('NO', 'Malformed PLAIN response'));
      return;
    }
    const r = await ctx.login(step.credentials.username, step.credentials.password, step.credentials.authzid);
    if (r === 'ok') ctx.write(status('OK', 'Authenticated'));
    else if (r === 'tls-required') ctx.write(status('NO', 'Use STARTTLS first', 'ENCRYPT-NEEDED'));
    else ctx.write(status('NO', 'Authentication failed'));
  },
};
