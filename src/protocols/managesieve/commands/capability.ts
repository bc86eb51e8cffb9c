import { status } from '../wire/response.js';
import type { CommandSpec } from './types.js';

// RFC 5804 §2.4
export const capability: CommandSpec = {
  states: ['nonauth', 'auth'],
  async handle(ctx) {
    ctx.write(ctx.capabilities() + status('OK', 'Capability completed'));
  },
};
