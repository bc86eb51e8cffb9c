// postroom filter show ADDRESS --data DIR   (the Sieve script the rules run as)
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { filterCommand, withRules } from '../filter-command.js';

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(filter, 'show', 'print the Sieve script generated from the rules').action(
    async (address: string, opts: Record<string, unknown>) => {
      ctx.io.out(await withRules(opts, address, (rules, userId) => rules.script(userId)));
    },
  );
}
