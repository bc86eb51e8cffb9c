// RFC 5034 AUTH mechanism [initial-response], with "*" to cancel. "AUTH" alone lists
// the mechanisms (not in RFC 5034, but clients such as Outlook send it).
import { SaslExchange } from '../../../auth/sasl/index.js';
import { continuationLine, multiline } from '../wire/response.js';
import { completeLogin, PLAINTEXT_REFUSED } from './login.js';
import { AUTHORIZATION_ONLY, type Pop3Command } from './types.js';

export const auth: Pop3Command<'AUTH'> = {
  states: AUTHORIZATION_ONLY,
  async handle(s, req) {
    s.pendingUser = null;
    if (!s.plaintextAllowed) {
      // Both mechanisms we offer carry the password in clear (RFC 4616 §4).
      await s.err('AUTH', PLAINTEXT_REFUSED);
      return;
    }
    if (req.mechanism === null) {
      await s.reply(multiline('Methods supported', s.mechanisms));
      return;
    }
    const sasl = new SaslExchange();
    let r = sasl.start(req.mechanism, req.initialResponse ?? undefined);
    while (r.type === 'challenge') {
      await s.reply(continuationLine(r.challenge));
      const line = await s.readLine();
      if (line === null) {
        sasl.cancel();
        s.done = true;
        return;
      }
      if (line === 'overlong') {
        sasl.cancel(); // the -ERR for the line was sent: the exchange is over
        return;
      }
      r = sasl.step(line.toString('latin1'));
    }
    if (r.type === 'error') {
      if (r.code === 'unsupported-mechanism')
        await s.err('SYS/PERM', `Unsupported mechanism; use one of: ${s.mechanisms.join(' ')}`);
      else if (r.code === 'cancelled') await s.err('AUTH', 'Authentication cancelled');
      else await s.err('AUTH', `Authentication failed: ${r.message}`);
      return;
    }
    await completeLogin(s, r.credentials.username, r.credentials.password);
  },
};
