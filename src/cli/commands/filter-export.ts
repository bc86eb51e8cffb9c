// postroom filter export ADDRESS --data DIR   (the rules as JSON, for `filter import`)
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { filterCommand, withRules } from '../filter-command.js';

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(filter, 'export', 'print the rules as JSON (the input of "filter import")').action(
    async (address: string, opts: Record<string, unknown>) => {
      const set = await withRules(opts, address, (rules, userId) => rules.get(userId));
      ctx.io.out(`${JSON.stringify(set.rules, null, 2)}\n`);
    },
  );
}
