// postroom filter activate ADDRESS --data DIR   (the rules become the active Sieve script)
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { filterCommand, withRules } from '../filter-command.js';

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(
    filter,
    'activate',
    'make the rules the Sieve script that runs (instead of one uploaded with a Sieve client)',
  ).action(async (address: string, opts: Record<string, unknown>) => {
    await withRules(opts, address, (rules, userId) => rules.activate(userId));
    ctx.io.out(`the filter rules of ${address} are active\n`);
  });
}
