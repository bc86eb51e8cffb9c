// RFC 1939 §5 DELE msg: only marks; the deletion happens at QUIT (UPDATE state).
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const dele: Pop3Command<'DELE'> = {
  states: TRANSACTION_ONLY,
  async handle(s, req) {
    const i = await s.message(req.msg);
    if (i === null) return;
    s.deleted.add(i);
    await s.ok(`Message ${req.msg} marked for deletion`);
  },
};
