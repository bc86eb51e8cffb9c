// postroom user app-password add ADDRESS --name NAME [--protocols imap,smtp]
// Prints the generated password once; only its hash is kept.
import { type Command, InvalidArgumentError } from 'commander';
import { AUTH_PROTOCOLS, parseAppPasswordProtocols } from '../../auth/app-passwords.js';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';

function parseProtocols(value: string): string[] | null {
  try {
    return parseAppPasswordProtocols(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

export function register(appPassword: Command, ctx: CliContext): void {
  adminCommand(
    appPassword,
    'add',
    'create a password for one client (revocable, optionally limited to protocols)',
  )
    .argument('<ADDRESS>', 'the user')
    .requiredOption('--name <NAME>', 'what the password is for, e.g. phone')
    .option('--protocols <LIST>', `only these protocols: ${AUTH_PROTOCOLS.join(',')}`, parseProtocols)
    .action(async (address: string, opts: Record<string, unknown>) => {
      const name = String(opts.name);
      const protocols = Array.isArray(opts.protocols) ? (opts.protocols as string[]) : null;
      const password = await withAdmin(ctx, opts, (admin) => admin.addAppPassword(address, name, protocols));
      ctx.io.out(`app password '${name}' for ${address.toLowerCase()}: ${password}\n`);
      ctx.io.out('It is shown only this once. Use it instead of the account password in that client.\n');
    });
}
