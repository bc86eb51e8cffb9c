import { literal, status } from '../wire/response.js';
import type { CommandSpec } from './types.js';
import { strings } from './types.js';

// RFC 5804 §2.9: the script as a literal.
export const getscript: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const a = strings(args, 1);
    if (!a) return ctx.write(status('NO', 'Usage: GETSCRIPT "name"'));
    const s = await ctx.run(() => ctx.sieve.get(ctx.userId, a[0]!));
    if (!s) return ctx.write(status('NO', 'No such script', 'NONEXISTENT'));
    ctx.write(`${literal(s.content)}\r\n${status('OK', 'Getscript completed')}`);
  },
};
