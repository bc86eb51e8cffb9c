// RFC 1939 §5 RSET: unmark every message marked by DELE.
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const rset: Pop3Command<'RSET'> = {
  states: TRANSACTION_ONLY,
  async handle(s) {
    s.deleted.clear();
    await s.ok(`Maildrop has ${s.maildrop!.entries.length} messages`);
  },
};
