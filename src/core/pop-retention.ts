// The server-side POP rule "delete mail downloaded by POP after N days" (user setting
// pop.deleteAfterDays). A periodic job: for every user with the rule, messages that POP
// recorded as downloaded (at a clean QUIT; see protocols/pop3/core-backend.ts) and that
// arrived more than N days ago are removed, wherever they are now.
//
// Why "arrived more than N days ago" and not "downloaded more than N days ago": the store
// records that a message was downloaded, not when (pop_downloaded has no date), and POP
// clients poll every few minutes, so the two differ by minutes in practice. A message
// that arrived long ago and was downloaded today is removed at the next run; docs/pop3.md
// says so. Exact download dates would need a dated record in the store.
//
// Pages through users, mailboxes and messages: never a whole mailbox in memory.

import type { MessageRecord, UserId } from '../store/types.js';
import type { AccountService } from './accounts.js';
import type { MailboxService } from './mailboxes.js';
import type { MessageService } from './messages.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Messages checked against the download records per query. */
const LOOKUP_PAGE = 500;

export interface PopRetentionDeps {
  accounts: Pick<AccountService, 'listUsers' | 'settingsOf'>;
  mailboxes: Pick<MailboxService, 'list'>;
  messages: Pick<MessageService, 'pages' | 'popDownloaded' | 'remove'>;
}

/** Runs the rule once for every user; returns how many messages were removed. */
export async function runPopRetention(deps: PopRetentionDeps, now: Date): Promise<number> {
  let removed = 0;
  for (const user of await deps.accounts.listUsers()) {
    const days = deps.accounts.settingsOf(user).pop.deleteAfterDays;
    if (days === null) continue;
    removed += await retainUser(deps, user.id, new Date(now.getTime() - days * DAY_MS));
  }
  return removed;
}

async function retainUser(deps: PopRetentionDeps, userId: UserId, cutoff: Date): Promise<number> {
  let removed = 0;
  for (const box of await deps.mailboxes.list(userId)) {
    const old: MessageRecord[] = [];
    for await (const page of deps.messages.pages(box.id))
      for (const m of page) if (m.internalDate < cutoff) old.push(m);
    for (let i = 0; i < old.length; i += LOOKUP_PAGE) {
      const batch = old.slice(i, i + LOOKUP_PAGE);
      const downloaded = await deps.messages.popDownloaded(
        userId,
        batch.map((m) => m.emailId),
      );
      const uids = batch.filter((m) => downloaded.has(m.emailId)).map((m) => ({ start: m.uid, end: m.uid }));
      if (uids.length > 0) removed += (await deps.messages.remove(userId, box.id, uids)).uids.length;
    }
  }
  return removed;
}

/** Runs the rule every `intervalMs` until stopped; errors go to `onError`, the timer goes on. */
export function startPopRetention(
  deps: PopRetentionDeps,
  intervalMs: number,
  onError: (err: unknown) => void,
  clock: () => Date = () => new Date(),
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runPopRetention(deps, clock())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
