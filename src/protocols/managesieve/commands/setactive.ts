import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';
import { strings } from './types.js';

// RFC 5804 §2.8: "" deactivates every script.
export const setactive: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const a = strings(args, 1);
    if (!a) return ctx.write(status('NO', 'Usage: SETACTIVE "name"'));
    await ctx.run(() => ctx.sieve.activate(ctx.userId, a[0] === '' ? null : a[0]!));
    ctx.write(status('OK', 'Setactive completed'));
  },
};
