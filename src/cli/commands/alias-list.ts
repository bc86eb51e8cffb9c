// postroom alias list --data DIR   (one "ADDRESS TAB TARGET" per line)
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export function register(alias: Command, ctx: CliContext): void {
  adminCommand(alias, 'list', 'list aliases and their targets')
    .option('--domain <DOMAIN>', 'only aliases of this domain')
    .action(async (opts: Record<string, unknown>) => {
      const domain = typeof opts.domain === 'string' ? opts.domain : undefined;
      const aliases = await withAdmin(ctx, opts, (admin) => admin.listAliases(domain));
      for (const a of aliases) ctx.io.out(`${a.address}\t${a.target}\n`);
    });
}
