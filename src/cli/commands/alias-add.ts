// postroom alias add ADDRESS TARGET --data DIR
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(alias: Command, ctx: CliContext): void {
  adminCommand(alias, 'add', 'deliver mail for ADDRESS to TARGET (ADDRESS @domain catches all of a domain)')
    .argument('<ADDRESS>', 'the alias, e.g. sales@example.test, or @example.test for a catch-all')
    .argument('<TARGET>', 'a local user or an outside address')
    .action(async (address: string, target: string, opts: Record<string, unknown>) => {
      await withAdmin(ctx, opts, (admin) => admin.addAlias(address, target));
      ctx.io.out(`alias ${address.toLowerCase()} -> ${target}\n`);
    });
}
