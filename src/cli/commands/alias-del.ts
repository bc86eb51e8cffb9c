// postroom alias del ADDRESS [TARGET] --data DIR
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(alias: Command, ctx: CliContext): void {
  adminCommand(alias, 'del', 'remove an alias (every target, or only TARGET)')
    .argument('<ADDRESS>', 'the alias')
    .argument('[TARGET]', 'remove only this target')
    .action(async (address: string, target: string | undefined, opts: Record<string, unknown>) => {
      await withAdmin(ctx, opts, (admin) => admin.deleteAlias(address, target));
      ctx.io.out(`removed alias ${address.toLowerCase()}${target ? ` -> ${target}` : ''}\n`);
    });
}
