import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';
import { strings } from './types.js';

// RFC 5804 §2.10: the active script cannot be deleted (NO (ACTIVE)).
export const deletescript: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const a = strings(args, 1);
    if (!a) return ctx.write(status('NO', 'Usage: DELETESCRIPT "name"'));
    await ctx.run(() => ctx.sieve.delete(ctx.userId, a[0]!));
    ctx.write(status('OK', 'Deletescript completed'));
  },
};
