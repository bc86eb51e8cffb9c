// The server-side POP rule "delete mail downloaded by POP after N days" (user setting
// pop.deleteAfterDays). A periodic job: for every user with the rule, the messages POP
// first downloaded more than N days ago are removed, wherever they are now.
//
// The clock starts at the download (the first complete RETR, recorded at the clean QUIT
// of that session; see protocols/pop3/core-backend.ts and docs/pop3.md), not at arrival:
// old mail fetched for the first time today stays N more days on the server.
//
// Reads the store's dated download records a page at a time (oldest first, index-backed),
// never a whole mailbox. A record whose message is gone is forgotten (an emailId is never
// reused, so it could never match again); a failed removal keeps its record for the next
// run.

import type { MailboxId, PopDownload, UidRange, UserId } from '../store/types.js';
import type { AccountService } from './accounts.js';
import type { MessageService } from './messages.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Download records handled per page. */
const PAGE = 500;

export interface PopRetentionDeps {
  accounts: Pick<AccountService, 'listUsers' | 'settingsOf'>;
  messages: Pick<MessageService, 'popDownloadedBefore' | 'forgetPopDownloads' | 'byEmailId' | 'remove'>;
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
  const { messages } = deps;
  let removed = 0;
  let after: PopDownload | null = null;
  for (;;) {
    const page = await messages.popDownloadedBefore(userId, cutoff, after, PAGE);
    if (page.length === 0) return removed;
    after = page.at(-1)!;
    // Where each message is now, grouped by mailbox: one removal per mailbox and page.
    const byBox = new Map<MailboxId, { uids: UidRange[]; ids: string[] }>();
    const gone: string[] = [];
    for (const d of page) {
      const m = await messages.byEmailId(userId, d.emailId);
      if (!m) {
        gone.push(d.emailId);
        continue;
      }
      const box = byBox.get(m.mailboxId) ?? { uids: [], ids: [] };
      box.uids.push({ start: m.uid, end: m.uid });
      box.ids.push(d.emailId);
      byBox.set(m.mailboxId, box);
    }
    for (const [mailboxId, box] of byBox) {
      removed += (await messages.remove(userId, mailboxId, box.uids)).uids.length;
      gone.push(...box.ids);
    }
    await messages.forgetPopDownloads(userId, gone);
  }
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
