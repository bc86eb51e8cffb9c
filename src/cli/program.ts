// The command tree (CONTRACT "The command line"). Each subcommand lives in its own file
// under commands/; this file only assembles them.
import { Command } from 'commander';
import * as aliasAdd from './commands/alias-add.js';
import * as aliasDel from './commands/alias-del.js';
import * as aliasList from './commands/alias-list.js';
import * as appPasswordAdd from './commands/app-password-add.js';
import * as appPasswordDel from './commands/app-password-del.js';
import * as appPasswordList from './commands/app-password-list.js';
import * as domainAdd from './commands/domain-add.js';
import * as domainDel from './commands/domain-del.js';
import * as domainDns from './commands/domain-dns.js';
import * as domainList from './commands/domain-list.js';
import * as filterActivate from './commands/filter-activate.js';
import * as filterAdd from './commands/filter-add.js';
import * as filterDel from './commands/filter-del.js';
import * as filterExport from './commands/filter-export.js';
import * as filterImport from './commands/filter-import.js';
import * as filterList from './commands/filter-list.js';
import * as filterShow from './commands/filter-show.js';
import * as queueDelete from './commands/queue-delete.js';
import * as queueList from './commands/queue-list.js';
import * as queueRetry from './commands/queue-retry.js';
import * as serve from './commands/serve.js';
import * as userAdd from './commands/user-add.js';
import * as userDel from './commands/user-del.js';
import * as userList from './commands/user-list.js';
import * as userPasswd from './commands/user-passwd.js';
import * as userSet from './commands/user-set.js';
import type { CliContext } from './context.js';

type Register = (parent: Command, ctx: CliContext) => void;

function group(
  parent: Command,
  name: string,
  description: string,
  ctx: CliContext,
  children: Register[],
): Command {
  const cmd = parent.command(name).description(description);
  for (const register of children) register(cmd, ctx);
  return cmd;
}

export function buildProgram(ctx: CliContext, version: string): Command {
  const program = new Command('postroom')
    .description('Postroom mail server: SMTP, IMAP, POP3 and webmail over one store')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      // One line, whatever commander had to say (it may add a suggestion line).
      outputError: (s, write) =>
        write(
          `postroom: ${s
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')}\n`,
        ),
    });
  serve.register(program, ctx);
  const user = group(program, 'user', 'manage users (login names are full addresses)', ctx, [
    userAdd.register,
    userPasswd.register,
    userDel.register,
    userList.register,
    userSet.register,
  ]);
  group(
    user,
    'app-password',
    'per-client passwords, each revocable and optionally limited to protocols',
    ctx,
    [appPasswordAdd.register, appPasswordList.register, appPasswordDel.register],
  );
  group(program, 'alias', 'manage aliases (extra addresses delivering to a user or elsewhere)', ctx, [
    aliasAdd.register,
    aliasDel.register,
    aliasList.register,
  ]);
  group(program, 'domain', 'manage the domains this server accepts mail for', ctx, [
    domainAdd.register,
    domainDel.register,
    domainList.register,
    domainDns.register,
  ]);
  group(
    program,
    'filter',
    "manage a user's filter rules (server-side Sieve: sort, flag, forward or delete mail at delivery)",
    ctx,
    [
      filterList.register,
      filterAdd.register,
      filterDel.register,
      filterShow.register,
      filterExport.register,
      filterImport.register,
      filterActivate.register,
    ],
  );
  group(program, 'queue', 'see and manage outgoing mail waiting for delivery', ctx, [
    queueList.register,
    queueRetry.register,
    queueDelete.register,
  ]);
  return program;
}
