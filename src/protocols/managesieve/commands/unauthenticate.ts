import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.14.1
export const unauthenticate: CommandSpec = {
  states: ['auth'],
  async handle(ctx) {
    ctx.logout();
    ctx.write(status('OK', 'Unauthenticate completed'));
  },
};
