// RFC 1939 §5 NOOP.
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const noop: Pop3Command<'NOOP'> = {
  states: TRANSACTION_ONLY,
  handle: async (s) => {
    await s.ok();
  },
};
