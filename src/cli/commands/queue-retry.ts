// postroom queue retry [ID] --data DIR   (all messages when no ID)
import type { Command } from 'commander';
import { queueRetry } from '../../outbound/admin.js';
import { adminCommand } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { CliError } from '../io.js';
import { withStore } from '../store-command.js';

export function parseQueueId(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new CliError(`not a queue id: ${text}`);
  return Number(text);
}

export function register(queue: Command, ctx: CliContext): void {
  adminCommand(
    queue,
    'retry',
    'try queued messages again now (a running server picks them up within a minute)',
  )
    .argument('[ID]', 'queue id from `queue list`; absent: every message')
    .action(async (id: string | undefined, opts: Record<string, unknown>) => {
      const n = await withStore(opts, (store) =>
        queueRetry(store, id === undefined ? null : parseQueueId(id)),
      );
      ctx.io.out(`${n} recipient(s) due now\n`);
    });
}
