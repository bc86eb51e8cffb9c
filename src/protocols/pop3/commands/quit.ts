// RFC 1939 §4 / §6 QUIT. In TRANSACTION it enters UPDATE: the marked messages are
// deleted (per the onDelete policy) and the clean-QUIT bookkeeping runs. RFC 1939 §6:
// if some deletions fail, answer -ERR and still end the session.
import type { Pop3Command } from './types.js';

export const quit: Pop3Command<'QUIT'> = {
  states: ['AUTHORIZATION', 'TRANSACTION'],
  async handle(s) {
    s.done = true;
    if (s.state === 'AUTHORIZATION') {
      await s.ok('Bye');
      return;
    }
    s.state = 'UPDATE';
    const md = s.maildrop!;
    const deleted = [...s.deleted].sort((a, b) => a - b);
    const { failed } = await md.commit(deleted, [...s.retrieved]);
    if (failed > 0) {
      await s.err('SYS/TEMP', `Some deleted messages were not removed (${failed} of ${deleted.length})`);
      return;
    }
    s.deps.log.info({ user: s.address, deleted: deleted.length }, 'pop3 update');
    await s.ok(`Bye, ${deleted.length} messages deleted`);
  },
};
