// postroom user app-password del ADDRESS --name NAME   (revokes it at once)
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(appPassword: Command, ctx: CliContext): void {
  adminCommand(appPassword, 'del', 'revoke an app password')
    .argument('<ADDRESS>', 'the user')
    .requiredOption('--name <NAME>', 'which app password')
    .action(async (address: string, opts: Record<string, unknown>) => {
      const name = String(opts.name);
      await withAdmin(ctx, opts, (admin) => admin.deleteAppPassword(address, name));
      ctx.io.out(`revoked app password '${name}' of ${address.toLowerCase()}\n`);
    });
}
