// postroom domain del DOMAIN --data DIR   (refused while users or aliases remain)
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(domain: Command, ctx: CliContext): void {
  adminCommand(domain, 'del', 'stop accepting mail for a domain (it must have no users or aliases left)')
    .argument('<DOMAIN>', 'the domain')
    .action(async (name: string, opts: Record<string, unknown>) => {
      await withAdmin(ctx, opts, (admin) => admin.deleteDomain(name));
      ctx.io.out(`deleted domain ${name.toLowerCase()}\n`);
    });
}
