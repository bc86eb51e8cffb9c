// CANCELUPDATE (RFC 5267 §4.2): ends live searches started with RETURN (UPDATE).

import type { CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

export const cancelUpdateCommand: CommandHandler<'CANCELUPDATE'> = {
  states: COMMAND_STATES.CANCELUPDATE,
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const unknown = cmd.tags.filter((t) => !view.liveSearches.some((s) => s.tag === t));
    // RFC 5267 §4.2: a tag that names no live search is an error.
    if (unknown.length > 0) return ctx.bad(`No live search with tag "${unknown[0]!.slice(0, 40)}"`);
    view.liveSearches = view.liveSearches.filter((s) => !cmd.tags.includes(s.tag));
    return ctx.ok('CANCELUPDATE completed');
  },
};
