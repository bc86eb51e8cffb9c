// Shared end of USER/PASS and AUTH: hand the credentials to the backend and enter
// TRANSACTION, or answer with the response code that tells the client why not.

import type { Pop3Session } from '../session.js';

export const PLAINTEXT_REFUSED = 'Plaintext authentication disallowed without TLS: use STLS or port 995';

export async function completeLogin(s: Pop3Session, username: string, password: string): Promise<void> {
  const outcome = await s.deps.backend.login(username, password, {
    remoteAddress: s.conn.remoteAddress,
    secure: s.conn.secure,
  });
  if (!outcome.ok) {
    s.deps.log.info({ user: username, reason: outcome.reason }, 'pop3 login refused');
    switch (outcome.reason) {
      case 'bad':
      case 'disabled':
        await s.err('AUTH', outcome.message); // RFC 3206 §4
        return;
      case 'in-use':
        await s.err('IN-USE', outcome.message); // RFC 2449 §8.1.2
        return;
      case 'throttled':
      case 'unavailable':
        await s.err('SYS/TEMP', outcome.message); // RFC 3206 §4
        return;
    }
  }
  if (s.conn.closed) {
    // The client left while we checked: never keep the lock for a dead session.
    outcome.maildrop.release();
    s.done = true;
    return;
  }
  s.maildrop = outcome.maildrop;
  s.address = outcome.address;
  s.state = 'TRANSACTION';
  const entries = outcome.maildrop.entries;
  let octets = 0;
  for (const e of entries) octets += e.size;
  s.deps.log.info({ user: outcome.address, messages: entries.length }, 'pop3 login');
  await s.ok(`Logged in, maildrop has ${entries.length} messages (${octets} octets)`);
}
