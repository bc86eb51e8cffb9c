// postroom domain add DOMAIN --data DIR [--hostname NAME]
// Adds the domain, makes its DKIM key and prints the DNS records it needs (issue 5).
import type { Command } from 'commander';
import { domainDnsText } from '../../outbound/admin.js';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { withStore } from '../store-command.js';

export function register(domain: Command, ctx: CliContext): void {
  adminCommand(domain, 'add', 'accept mail for a domain (prints the DNS records it needs)')
    .argument('<DOMAIN>', 'e.g. example.test')
    .option(
      '--hostname <NAME>',
      'the mail server host name the records point at (default: the configured hostname)',
    )
    .action(async (name: string, opts: Record<string, unknown>) => {
      await withAdmin(ctx, opts, (admin) => admin.addDomain(name));
      ctx.io.out(`added domain ${name.toLowerCase()}\n`);
      const text = await withStore(opts, (store, config) =>
        domainDnsText(store, name, typeof opts.hostname === 'string' ? opts.hostname : config.hostname),
      );
      ctx.io.out(
        `\nPublish these DNS records (again any time: postroom domain dns ${name.toLowerCase()}):\n${text}`,
      );
    });
}
