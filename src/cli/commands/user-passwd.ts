// postroom user passwd ADDRESS --password PW --data DIR
import type { Command } from 'commander';
import { adminCommand, passwordOption, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(user: Command, ctx: CliContext): void {
  adminCommand(user, 'passwd', "change a user's password")
    .argument('<ADDRESS>', 'the user')
    .option('--password <PW>', "the new password ('-' reads it from standard input)")
    .action(async (address: string, opts: Record<string, unknown>) => {
      const password = await passwordOption(ctx, opts.password, 'postroom user passwd ADDRESS --password PW');
      await withAdmin(ctx, opts, (admin) => admin.setPassword(address, password));
      ctx.io.out(`password changed for ${address.toLowerCase()}\n`);
    });
}
