// postroom queue delete ID --data DIR   (drops the message without a bounce)
import type { Command } from 'commander';
import { queueDelete } from '../../outbound/admin.js';
import { adminCommand } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { withStore } from '../store-command.js';
import { parseQueueId } from './queue-retry.js';

export function register(queue: Command, ctx: CliContext): void {
  adminCommand(queue, 'delete', 'remove a message from the queue (no bounce is sent)')
    .argument('<ID>', 'queue id from `queue list`')
    .action(async (id: string, opts: Record<string, unknown>) => {
      await withStore(opts, (store) => queueDelete(store, parseQueueId(id)));
      ctx.io.out(`deleted ${id}\n`);
    });
}
