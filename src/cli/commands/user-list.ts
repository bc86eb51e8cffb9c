// postroom user list --data DIR
// One user per line: address, then usage and quota, separated by tabs (easy to script).
import type { Command } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { formatLimit } from '../format.js';

export function register(user: Command, ctx: CliContext): void {
  adminCommand(user, 'list', 'list users: address, messages, bytes used, quota')
    .option('--domain <DOMAIN>', 'only users of this domain')
    .action(async (opts: Record<string, unknown>) => {
      const domain = typeof opts.domain === 'string' ? opts.domain : undefined;
      const users = await withAdmin(ctx, opts, (admin) => admin.listUsers(domain));
      for (const u of users) {
        ctx.io.out(
          `${u.address}\tmessages=${u.usage.messages}/${formatLimit(u.quotaMessages)}\tbytes=${u.usage.bytes}/${formatLimit(u.quotaBytes)}\n`,
        );
      }
    });
}
