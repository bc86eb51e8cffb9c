import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';
import { strings } from './types.js';

// RFC 5804 §2.12
export const checkscript: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const a = strings(args, 1);
    if (!a) return ctx.write(status('NO', 'Usage: CHECKSCRIPT {n+} script'));
    await ctx.run(async () => ctx.sieve.check(a[0]!));
    ctx.write(status('OK', 'Script is valid'));
  },
};
