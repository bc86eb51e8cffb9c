// postroom user app-password list ADDRESS   (one "NAME TAB protocols TAB created TAB last used" per line)
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { formatDate } from '../format.js';

export function register(appPassword: Command, ctx: CliContext): void {
  adminCommand(appPassword, 'list', "list a user's app passwords (never the passwords themselves)")
    .argument('<ADDRESS>', 'the user')
    .action(async (address: string, opts: Record<string, unknown>) => {
      const list = await withAdmin(ctx, opts, (admin) => admin.listAppPasswords(address));
      for (const p of list) {
        ctx.io.out(
          `${p.name}\tprotocols=${p.protocols?.join(',') ?? 'all'}\tcreated=${formatDate(p.createdAt)}\tlast-used=${formatDate(p.lastUsedAt)}\n`,
        );
      }
    });
}
