import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';
import { strings } from './types.js';

// RFC 5804 §2.11.1
export const renamescript: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const a = strings(args, 2);
    if (!a) return ctx.write(status('NO', 'Usage: RENAMESCRIPT "old" "new"'));
    await ctx.run(() => ctx.sieve.rename(ctx.userId, a[0]!, a[1]!));
    ctx.write(status('OK', 'Renamescript completed'));
  },
};
