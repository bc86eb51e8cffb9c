// postroom filter del ADDRESS RULE --data DIR   (RULE: its number in `filter list`, or its name)
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { activeNote, filterCommand, withRules } from '../filter-command.js';

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(filter, 'del', 'delete a filter rule')
    .argument('<RULE>', 'the number shown by "filter list", or the rule\'s name')
    .action(async (address: string, which: string, opts: Record<string, unknown>) => {
      const key = /^\d+$/.test(which) ? Number(which) : which;
      const r = await withRules(opts, address, (rules, userId) => rules.remove(userId, key));
      ctx.io.out(`deleted rule "${r.removed.name}"; ${r.rules.length} left\n`);
      activeNote(ctx, r, address);
    });
}
