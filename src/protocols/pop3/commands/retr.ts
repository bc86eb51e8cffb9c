// RFC 1939 §5 RETR msg: the whole message, byte-exact, dot-stuffed, streaming.
import { sendMessage } from './send-message.js';
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const retr: Pop3Command<'RETR'> = {
  states: TRANSACTION_ONLY,
  async handle(s, req) {
    const i = await s.message(req.msg);
    if (i === null) return;
    if (!(await sendMessage(s, i, null))) return;
    s.retrieved.add(i);
    // The onDownload policy (e.g. mark \Seen); a failure here must not fail the RETR.
    try {
      await s.maildrop!.retrieved(i);
    } catch (err) {
      s.deps.log.warn({ err, msg: req.msg }, 'pop3 onDownload policy failed');
    }
  },
};
