// postroom filter list ADDRESS --data DIR   ("N. NAME" then "   if ... -> ..." per rule, in order)
import type { Command } from 'commander';
import { describeRule } from '../../sieve/index.js';
import type { CliContext } from '../context.js';
import { activeNote, filterCommand, withRules } from '../filter-command.js';

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(filter, 'list', "list a user's filter rules, numbered in the order they run").action(
    async (address: string, opts: Record<string, unknown>) => {
      const set = await withRules(opts, address, (rules, userId) => rules.get(userId));
      if (set.rules.length === 0) ctx.io.out('no filter rules\n');
      set.rules.forEach((r, i) => {
        ctx.io.out(`${i + 1}. ${r.name}\n   ${describeRule(r)}\n`);
      });
      if (set.rules.length > 0) activeNote(ctx, set, address);
    },
  );
}
