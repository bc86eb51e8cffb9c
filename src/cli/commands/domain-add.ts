// postroom domain add DOMAIN --data DIR
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(domain: Command, ctx: CliContext): void {
  adminCommand(domain, 'add', 'accept mail for a domain')
    .argument('<DOMAIN>', 'e.g. example.test')
    .action(async (name: string, opts: Record<string, unknown>) => {
      await withAdmin(ctx, opts, (admin) => admin.addDomain(name));
      ctx.io.out(`added domain ${name.toLowerCase()}\n`);
    });
}
