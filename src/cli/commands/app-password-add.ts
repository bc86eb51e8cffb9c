// postroom user app-password add ADDRESS --name NAME [--protocols imap,smtp]
// Prints the generated password once; only its hash is kept.
import { type Command, InvalidArgumentError } from 'commander';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

export const APP_PASSWORD_PROTOCOLS = ['imap', 'pop3', 'smtp', 'jmap', 'managesieve'] as const;

export function parseProtocols(value: string): string[] {
  const list = value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  const unknown = list.filter((p) => !(APP_PASSWORD_PROTOCOLS as readonly string[]).includes(p));
  if (list.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${APP_PASSWORD_PROTOCOLS.join(', ')}`);
  }
  return [...new Set(list)];
}

export function register(appPassword: Command, ctx: CliContext): void {
  adminCommand(
    appPassword,
    'add',
    'create a password for one client (revocable, optionally limited to protocols)',
  )
    .argument('<ADDRESS>', 'the user')
    .requiredOption('--name <NAME>', 'what the password is for, e.g. phone')
    .option('--protocols <LIST>', `only these protocols: ${APP_PASSWORD_PROTOCOLS.join(',')}`, parseProtocols)
    .action(async (address: string, opts: Record<string, unknown>) => {
      const name = String(opts.name);
      const protocols = Array.isArray(opts.protocols) ? (opts.protocols as string[]) : null;
      const password = await withAdmin(ctx, opts, (admin) => admin.addAppPassword(address, name, protocols));
      ctx.io.out(`app password '${name}' for ${address.toLowerCase()}: ${password}\n`);
      ctx.io.out('It is shown only this once. Use it instead of the account password in that client.\n');
    });
}
