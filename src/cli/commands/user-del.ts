// postroom user del ADDRESS --data DIR
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(user: Command, ctx: CliContext): void {
  adminCommand(
    user,
    'del',
    'delete a user with all their mail, aliases pointing only to them and app passwords',
  )
    .argument('<ADDRESS>', 'the user')
    .action(async (address: string, opts: Record<string, unknown>) => {
      await withAdmin(ctx, opts, (admin) => admin.deleteUser(address));
      ctx.io.out(`deleted ${address.toLowerCase()}\n`);
    });
}
