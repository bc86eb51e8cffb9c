// RFC 1939 §7 PASS string (only right after USER).
import { completeLogin, PLAINTEXT_REFUSED } from './login.js';
import { AUTHORIZATION_ONLY, type Pop3Command } from './types.js';

export const pass: Pop3Command<'PASS'> = {
  states: AUTHORIZATION_ONLY,
  async handle(s, req) {
    const name = s.pendingUser;
    s.pendingUser = null;
    if (!s.plaintextAllowed) {
      await s.err('AUTH', PLAINTEXT_REFUSED);
      return;
    }
    if (name === null) {
      await s.invalid('SYS/PERM', 'PASS must follow a successful USER');
      return;
    }
    await completeLogin(s, name, req.password);
  },
};
