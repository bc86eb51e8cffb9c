// The per-account POP policies (src/core/settings.ts `pop`), turned into decisions the
// maildrop adapter applies. Pure: settings and dates in, decisions out.

/** The POP part of the user settings (mirrors core PopSettings; structural on purpose). */
export interface PopPolicy {
  scope: 'inbox' | 'all' | 'since-enabled';
  onDownload: 'keep' | 'seen' | 'archive';
  onDelete: 'expunge' | 'trash' | 'archive';
  offerAgain: boolean;
  deleteAfterDays: number | null;
  enabledAt: string;
}

/** Recent mode (`recent:ADDRESS`) lists this many days, whatever was downloaded. */
export const RECENT_MODE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LoginName {
  address: string;
  recent: boolean;
}

/** `recent:alice@example.test` selects recent mode (Gmail's convention). */
export function parseLoginName(name: string): LoginName {
  const m = /^recent:(.+)$/i.exec(name);
  return m ? { address: m[1]!, recent: true } : { address: name, recent: false };
}

export interface ScopeMailbox {
  name: string;
  specialUse: string | null;
}

/** Which mailboxes form the maildrop. 'all' is Gmail-style: everything but Trash/Junk. */
export function inScope<M extends ScopeMailbox>(mailboxes: readonly M[], scope: PopPolicy['scope']): M[] {
  if (scope === 'all')
    return mailboxes.filter((m) => m.specialUse !== '\\Trash' && m.specialUse !== '\\Junk');
  return mailboxes.filter((m) => m.name === 'INBOX');
}

/** The oldest internal date the maildrop shows, or null for no lower bound. */
export function lowerBound(policy: PopPolicy, recent: boolean, now: Date): Date | null {
  if (recent) return new Date(now.getTime() - RECENT_MODE_DAYS * DAY_MS);
  if (policy.scope === 'since-enabled') {
    const d = new Date(policy.enabledAt);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/**
 * "Each message once": hide what POP already downloaded. Never in recent mode, so a
 * recent-mode client neither misses mail nor takes it away from the regular POP client.
 */
export function eachMessageOnce(policy: PopPolicy, recent: boolean): boolean {
  return !policy.offerAgain && !recent;
}

/**
 * Whether a clean QUIT records what was downloaded: needed by each-message-once and by
 * the server-side retention rule (src/core/pop-retention.ts). Never in recent mode.
 */
export function recordsDownloads(policy: PopPolicy, recent: boolean): boolean {
  return !recent && (!policy.offerAgain || policy.deleteAfterDays !== null);
}

/**
 * RFC 2449 §6.7 EXPIRE as the client will experience it: 0 when a downloaded message
 * leaves the maildrop (each-message-once, or archived out of an INBOX-only scope), the
 * server-side retention in days when set, else NEVER.
 */
export function expireFor(policy: PopPolicy, recent: boolean): number | 'NEVER' {
  if (recent) return policy.deleteAfterDays ?? 'NEVER';
  if (!policy.offerAgain) return 0;
  if (policy.onDownload === 'archive' && policy.scope !== 'all') return 0;
  return policy.deleteAfterDays ?? 'NEVER';
}

/** What a DELE does at QUIT: the special-use mailbox to move to, or null to expunge. */
export function deleteTarget(policy: PopPolicy): '\\Trash' | '\\Archive' | null {
  return policy.onDelete === 'trash' ? '\\Trash' : policy.onDelete === 'archive' ? '\\Archive' : null;
}
