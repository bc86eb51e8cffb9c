// RFC 2449 §5 CAPA, valid in AUTHORIZATION and TRANSACTION.
import { capabilities } from '../capabilities.js';
import { multiline } from '../wire/response.js';
import type { Pop3Command } from './types.js';

export const capa: Pop3Command<'CAPA'> = {
  states: ['AUTHORIZATION', 'TRANSACTION'],
  async handle(s) {
    const caps = capabilities({
      tlsAvailable: s.deps.tlsUpgrade !== null,
      secure: s.conn.secure,
      plaintextAllowed: s.plaintextAllowed,
      expire: s.maildrop?.expire ?? s.deps.backend.defaultExpire,
      loggedIn: s.maildrop !== null,
      mechanisms: s.mechanisms,
    });
    await s.reply(multiline('Capability list follows', caps));
  },
};
