// RFC 1939 §7 USER name.
import { PLAINTEXT_REFUSED } from './login.js';
import { AUTHORIZATION_ONLY, type Pop3Command } from './types.js';

export const user: Pop3Command<'USER'> = {
  states: AUTHORIZATION_ONLY,
  async handle(s, req) {
    if (!s.plaintextAllowed) {
      await s.err('AUTH', PLAINTEXT_REFUSED);
      return;
    }
    s.pendingUser = req.name;
    await s.ok('Send your password');
  },
};
