// postroom domain list --data DIR   (one domain per line)
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(domain: Command, ctx: CliContext): void {
  adminCommand(domain, 'list', 'list the domains this server accepts mail for').action(
    async (opts: Record<string, unknown>) => {
      const names = await withAdmin(ctx, opts, (admin) => admin.listDomains());
      for (const n of names) ctx.io.out(`${n}\n`);
    },
  );
}
