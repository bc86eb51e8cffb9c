// postroom serve --data DIR [--hostname H] [--host A] [--<listener>-port N ...]
//                [--tls-cert FILE --tls-key FILE] [--store URL] [--config FILE] [--dev]
// Runs until SIGTERM/SIGINT; exits 0 after a clean shutdown.
import type { Command } from 'commander';
import { runServe } from '../../app/serve.js';
import { SERVE_FLAGS } from '../../config/flags.js';
import { createLogger } from '../../log/logger.js';
import type { CliContext } from '../context.js';
import { addConfigFlags, configFromOptions } from '../options.js';

export function register(program: Command, ctx: CliContext): void {
  addConfigFlags(
    program.command('serve').description('run the mail server (every listener whose port is not 0)'),
    SERVE_FLAGS,
  )
    .addHelpText(
      'after',
      '\nExamples:\n  postroom serve --dev --data ./data\n  postroom serve --hostname mail.example.test --data /var/lib/postroom --tls-cert cert.pem --tls-key key.pem',
    )
    .action(async (opts: Record<string, unknown>) => {
      const config = configFromOptions(SERVE_FLAGS, opts);
      const log = createLogger({
        level: config.log.level,
        format: config.log.format,
        base: { pid: process.pid },
      });
      ctx.exitCode = await runServe(config, { log, out: ctx.io.out });
    });
}
