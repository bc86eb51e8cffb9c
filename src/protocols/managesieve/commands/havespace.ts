import { MAX_SCRIPT_SIZE } from '../../../sieve/index.js';
import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.5
export const havespace: CommandSpec = {
  states: ['auth'],
  async handle(ctx, args) {
    const size = args[1]?.kind === 'number' ? args[1].value : null;
    if (args[0]?.kind !== 'string' || size === null) {
      ctx.write(status('NO', 'Usage: HAVESPACE "name" size'));
      return;
    }
    if (size > MAX_SCRIPT_SIZE)
      ctx.write(status('NO', `Scripts are limited to ${MAX_SCRIPT_SIZE} bytes`, 'QUOTA/MAXSIZE'));
    else ctx.write(status('OK', 'Putscript would succeed'));
  },
};
