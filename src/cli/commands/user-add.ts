// postroom user add ADDRESS --password PW --data DIR   (creates the domain if new)
import type { Command } from 'commander';
import { adminCommand, passwordOption, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(user: Command, ctx: CliContext): void {
  adminCommand(user, 'add', 'create a user (and its domain when new)')
    .argument('<ADDRESS>', 'login name: the full address, e.g. alice@example.test')
    .option('--password <PW>', "the user's password ('-' reads it from standard input)")
    .action(async (address: string, opts: Record<string, unknown>) => {
      const password = await passwordOption(ctx, opts.password, 'postroom user add ADDRESS --password PW');
      const created = await withAdmin(ctx, opts, (admin) => admin.addUser(address, password));
      ctx.io.out(`created ${created}\n`);
    });
}
