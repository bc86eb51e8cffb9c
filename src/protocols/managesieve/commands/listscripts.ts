import { quoted, status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.7
export const listscripts: CommandSpec = {
  states: ['auth'],
  async handle(ctx) {
    const list = await ctx.run(() => ctx.sieve.list(ctx.userId));
    const lines = list.map((s) => `${quoted(s.name)}${s.active ? ' ACTIVE' : ''}\r\n`).join('');
    ctx.write(lines + status('OK', 'Listscripts completed'));
  },
};
