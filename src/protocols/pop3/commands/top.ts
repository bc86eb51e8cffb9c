// RFC 1939 §7 TOP msg n: the header, the blank line and n body lines. Not a download:
// no policy runs.
import { sendMessage } from './send-message.js';
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const top: Pop3Command<'TOP'> = {
  states: TRANSACTION_ONLY,
  async handle(s, req) {
    const i = await s.message(req.msg);
    if (i !== null) await sendMessage(s, i, req.lines);
  },
};
