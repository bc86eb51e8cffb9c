// postroom user set ADDRESS [--quota SIZE] [--imap|--no-imap] [--pop|--no-pop]
//   [--expunge-mode delete|trash] [--sent-copy|--no-sent-copy] [--pop-scope ...] ...
// Changes per-user settings; prints the settings afterwards. The settings themselves and
// their meaning belong to the core; this file only maps flags onto them (SETTING_FLAGS).
import { type Command, Option } from 'commander';
import type { UserSettingsPatch } from '../../app/admin.js';
import { adminCommand, withAdmin } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { CliError } from '../io.js';
import { type Limit, NONE, orNull, parseLimit, parseSize } from '../options.js';

interface SettingFlag {
  /** commander property name. */
  key: string;
  /** Where the value goes in the user's settings (src/core/settings.ts), e.g. 'pop.scope'. */
  setting: string;
  option: Option;
}

const choice = (flags: string, help: string, choices: string[]) => new Option(flags, help).choices(choices);

/** Flags for the settings the core defines, each with the setting it writes. */
const SETTING_FLAGS: SettingFlag[] = [
  { key: 'imap', setting: 'imapEnabled', option: new Option('--imap', 'allow IMAP access (default)') },
  { key: 'imap', setting: 'imapEnabled', option: new Option('--no-imap', 'refuse IMAP logins') },
  { key: 'pop', setting: 'popEnabled', option: new Option('--pop', 'allow POP3 access (default)') },
  { key: 'pop', setting: 'popEnabled', option: new Option('--no-pop', 'refuse POP3 logins') },
  {
    key: 'expungeMode',
    setting: 'expungeMode',
    option: choice(
      '--expunge-mode <MODE>',
      'what an expunge does: delete (default), or move to Trash first',
      ['delete', 'trash'],
    ),
  },
  {
    key: 'sentCopy',
    setting: 'sentCopy',
    option: new Option('--sent-copy', 'keep a copy of sent mail in Sent (default)'),
  },
  {
    key: 'sentCopy',
    setting: 'sentCopy',
    option: new Option('--no-sent-copy', 'do not keep a copy of sent mail'),
  },
  {
    key: 'popScope',
    setting: 'pop.scope',
    option: choice(
      '--pop-scope <SCOPE>',
      'what POP sees: inbox (default), all (every folder but Trash/Junk), since-enabled',
      ['inbox', 'all', 'since-enabled'],
    ),
  },
  {
    key: 'popOnDownload',
    setting: 'pop.onDownload',
    option: choice('--pop-on-download <ACTION>', 'after RETR: keep, seen (default), archive', [
      'keep',
      'seen',
      'archive',
    ]),
  },
  {
    key: 'popOnDelete',
    setting: 'pop.onDelete',
    option: choice('--pop-on-delete <ACTION>', 'what DELE does: expunge (default), trash, archive', [
      'expunge',
      'trash',
      'archive',
    ]),
  },
  {
    key: 'popOfferAgain',
    setting: 'pop.offerAgain',
    option: new Option('--pop-offer-again', 'offer mail already downloaded by POP again (default, RFC 1939)'),
  },
  {
    key: 'popOfferAgain',
    setting: 'pop.offerAgain',
    option: new Option('--no-pop-offer-again', 'offer each message to POP once (recorded on a clean QUIT)'),
  },
  {
    key: 'popDeleteAfterDays',
    setting: 'pop.deleteAfterDays',
    option: new Option(
      '--pop-delete-after-days <N>',
      "delete mail downloaded by POP after N days ('none' turns it off)",
    ).argParser(parseLimit),
  },
];

export function register(user: Command, ctx: CliContext): void {
  const cmd = adminCommand(user, 'set', "change a user's quota and settings")
    .argument('<ADDRESS>', 'the user')
    .addOption(
      new Option('--quota <SIZE>', "storage quota, e.g. 2G or 500M ('none': unlimited)").argParser(parseSize),
    )
    .addOption(
      new Option('--quota-messages <N>', "message-count quota ('none': unlimited)").argParser(parseLimit),
    );
  for (const f of SETTING_FLAGS) cmd.addOption(f.option);
  cmd.action(async (address: string, opts: Record<string, unknown>) => {
    const patch: UserSettingsPatch = {};
    if (opts.quota !== undefined) patch.quotaBytes = orNull(opts.quota as Limit);
    if (opts.quotaMessages !== undefined) patch.quotaMessages = orNull(opts.quotaMessages as Limit);
    const settings: Record<string, unknown> = {};
    for (const f of SETTING_FLAGS) {
      if (opts[f.key] === undefined) continue;
      const value = opts[f.key] === NONE ? null : opts[f.key];
      const [head, leaf] = f.setting.split('.') as [string, string | undefined];
      if (leaf === undefined) settings[head] = value;
      else settings[head] = { ...(settings[head] as Record<string, unknown> | undefined), [leaf]: value };
    }
    if (Object.keys(settings).length > 0) patch.settings = settings;
    if (Object.keys(patch).length === 0) {
      throw new CliError('nothing to change: give at least one setting (see postroom user set --help)');
    }
    const after = await withAdmin(ctx, opts, (admin) => admin.updateUser(address, patch));
    printSettings(ctx, after, '');
  });
}

function printSettings(ctx: CliContext, obj: Record<string, unknown>, prefix: string): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      printSettings(ctx, value as Record<string, unknown>, `${prefix}${key}.`);
    } else ctx.io.out(`${prefix}${key}=${JSON.stringify(value)}\n`);
  }
}
