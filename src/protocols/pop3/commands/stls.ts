// RFC 2595 §4 STLS: only in AUTHORIZATION and only once.
import { AUTHORIZATION_ONLY, type Pop3Command } from './types.js';

export const stls: Pop3Command<'STLS'> = {
  states: AUTHORIZATION_ONLY,
  async handle(s) {
    const upgrade = s.deps.tlsUpgrade;
    if (s.conn.secure) {
      await s.invalid('SYS/PERM', 'TLS is already active');
      return;
    }
    if (upgrade === null) {
      await s.err('SYS/PERM', 'TLS is not available on this server');
      return;
    }
    s.pendingUser = null;
    await s.ok('Begin TLS negotiation');
    try {
      await s.conn.startTls(upgrade);
    } catch (err) {
      s.deps.log.info({ err }, 'pop3 STLS handshake failed');
      s.conn.destroy();
      s.done = true;
    }
  },
};
