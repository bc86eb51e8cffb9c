import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.3
export const logout: CommandSpec = {
  states: ['nonauth', 'auth'],
  async handle(ctx) {
    ctx.write(status('OK', 'Logout completed'));
    ctx.end();
  },
};
