// Helpers for the `filter` commands: open the store and the mail core, find the user and
// hand over the rule service (src/core/sieve-rules.ts). The store is shared with a
// running server, which reads the active script at each delivery, so a change made here
// is used by the next message it receives.
import type { Command } from 'commander';
import { createCore } from '../core/index.js';
import type { FilterRules, RuleSet } from '../core/sieve-rules.js';
import type { UserId } from '../store/types.js';
import { adminCommand } from './admin-command.js';
import type { CliContext } from './context.js';
import { CliError } from './io.js';
import { withStore } from './store-command.js';

export function filterCommand(parent: Command, name: string, description: string): Command {
  return adminCommand(parent, name, description).argument('<ADDRESS>', 'the user whose filters these are');
}

export async function withRules<T>(
  opts: Record<string, unknown>,
  address: string,
  fn: (rules: FilterRules, userId: UserId) => Promise<T>,
): Promise<T> {
  return withStore(opts, async (store) => {
    if (!store.sieve) throw new CliError('this store keeps no Sieve scripts, so it has no filters');
    const core = createCore({ store });
    const user = await core.accounts.requireUser(address);
    return fn(core.sieve.rules, user.id);
  });
}

/** The note printed after a change when the rules are not the script that runs. */
export function activeNote(ctx: CliContext, set: RuleSet, address: string): void {
  if (set.active) return;
  ctx.io.err(
    `note: the active Sieve script is "${set.activeScript}", so these rules do not run; ` +
      `run "postroom filter activate ${address}" to use them instead, or include them from that script ` +
      `(require "include"; include :personal "rules";)\n`,
  );
}
