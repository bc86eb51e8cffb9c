import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';
import { strings } from './types.js';

// RFC 5804 §2.6: the script is checked; errors name the line and column.
export const putscript: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const a = strings(args, 2);
    if (!a) return ctx.write(status('NO', 'Usage: PUTSCRIPT "name" {n+} script'));
    await ctx.run(() => ctx.sieve.put(ctx.userId, a[0]!, a[1]!));
    ctx.write(status('OK', 'Putscript completed'));
  },
};
