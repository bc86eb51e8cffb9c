// postroom domain dns DOMAIN --data DIR [--hostname mail.example.test]
// Prints the DNS records the domain needs (MX, SPF, DKIM, DMARC, SRV, autoconfig);
// makes the domain's DKIM key first if it has none.
import type { Command } from 'commander';
import { domainDnsText } from '../../outbound/admin.js';
import { adminCommand } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { withStore } from '../store-command.js';

export function register(domain: Command, ctx: CliContext): void {
  adminCommand(domain, 'dns', 'print the DNS records a domain needs (creates its DKIM key if missing)')
    .argument('<DOMAIN>', 'e.g. example.test')
    .option(
      '--hostname <NAME>',
      'the mail server host name the records point at (default: the configured hostname)',
    )
    .action(async (name: string, opts: Record<string, unknown>) => {
      const text = await withStore(opts, (store, config) =>
        domainDnsText(store, name, typeof opts.hostname === 'string' ? opts.hostname : config.hostname),
      );
      ctx.io.out(text);
    });
}
