// Helpers for the user/alias/domain commands: the store options they share, and
// running an action with the admin facade opened and always closed.
import type { Command } from 'commander';
import type { Admin } from '../app/admin.js';
import { ADMIN_FLAGS } from '../config/flags.js';
import type { CliContext } from './context.js';
import { CliError } from './io.js';
import { addConfigFlags, configFromOptions } from './options.js';

export function adminCommand(parent: Command, name: string, description: string): Command {
  return addConfigFlags(parent.command(name).description(description), ADMIN_FLAGS);
}

export async function withAdmin<T>(
  ctx: CliContext,
  opts: Record<string, unknown>,
  fn: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = await ctx.openAdmin(configFromOptions(ADMIN_FLAGS, opts));
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

/** `--password PW`, or `--password -` to read it from standard input (kept out of `ps`). */
export async function passwordOption(ctx: CliContext, value: unknown, usage: string): Promise<string> {
  if (typeof value !== 'string' || value === '') {
    throw new CliError(
      `missing --password PW (or --password - to read it from standard input); usage: ${usage}`,
    );
  }
  const password = value === '-' ? await ctx.readLine() : value;
  if (password === '') throw new CliError('empty password on standard input');
  return password;
}
