// The command line (CONTRACT "The command line"): builds the command tree and turns
// every failure into ONE line on stderr and a non-zero exit code. A user mistake (bad
// flag, unknown user, weak password, unwritable data dir, port in use) never prints a
// stack trace; an unexpected error prints one only with POSTROOM_DEBUG=1.
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { StartupError } from '../app/errors.js';
import { openAdmin } from '../app/open-admin.js';
import { ConfigError } from '../config/load.js';
import { MailError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { CliError, type CliIO, processIO } from './io.js';
import { buildProgram } from './program.js';
import { readAll, readLine } from './stdin.js';

/** Exit codes: 0 ok, 1 the command failed, 2 the command line was wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ');
}

export function reportError(e: unknown, io: CliIO): number {
  if (e instanceof CommanderError) {
    // commander already printed its message through outputError (help/version exit 0).
    return e.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (
    e instanceof CliError ||
    e instanceof ConfigError ||
    e instanceof MailError ||
    e instanceof StartupError
  ) {
    io.err(`postroom: ${oneLine(e.message)}\n`);
    return e instanceof CliError ? e.exitCode : EXIT_FAILURE;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`postroom: unexpected error: ${oneLine(err.message)} (set POSTROOM_DEBUG=1 for details)\n`);
  if (process.env.POSTROOM_DEBUG) io.err(`${err.stack ?? ''}\n`);
  return EXIT_FAILURE;
}

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const ctx: CliContext = { io, openAdmin, readLine, readAll, exitCode: 0 };
  const program = buildProgram(ctx, version());
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    return reportError(e, io);
  }
}
