import { quoted, status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.14: an optional string is echoed in a TAG response code.
export const noop: CommandSpec = {
  states: ['nonauth', 'auth'],
  async handle(ctx, args) {
    const tag = args[0]?.kind === 'string' ? args[0].value : null;
    ctx.write(status('OK', 'Done', tag !== null ? `TAG ${quoted(tag)}` : undefined));
  },
};
