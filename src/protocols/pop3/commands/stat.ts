// RFC 1939 §5 STAT: count and size of the messages not marked as deleted.
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const stat: Pop3Command<'STAT'> = {
  states: TRANSACTION_ONLY,
  async handle(s) {
    const entries = s.maildrop!.entries;
    let count = 0;
    let octets = 0;
    for (let i = 0; i < entries.length; i++) {
      if (s.deleted.has(i)) continue;
      count += 1;
      octets += entries[i]!.size;
    }
    await s.ok(`${count} ${octets}`);
  },
};
