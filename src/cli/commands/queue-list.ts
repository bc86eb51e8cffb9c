// postroom queue list --data DIR   (each queued message, then its recipients)
import type { Command } from 'commander';
import { formatQueueEntry, queueEntries } from '../../outbound/admin.js';
import { adminCommand } from '../admin-command.js';
import type { CliContext } from '../context.js';
import { withStore } from '../store-command.js';

export function register(queue: Command, ctx: CliContext): void {
  adminCommand(queue, 'list', 'list the messages waiting for delivery').action(
    async (opts: Record<string, unknown>) => {
      const n = await withStore(opts, async (store) => {
        let count = 0;
        for await (const m of queueEntries(store)) {
          ctx.io.out(formatQueueEntry(m));
          count++;
        }
        return count;
      });
      if (n === 0) ctx.io.out('the queue is empty\n');
    },
  );
}
