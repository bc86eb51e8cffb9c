// What `postroom domain add|dns` and `postroom queue list|retry|delete` do, over the store:
// the domain's DKIM key (made on first use) with its DNS records, and queue management.
import { generateDkimKey } from '../core/dkim.js';
import { dnsRecords, zoneText } from '../core/dns-records.js';
import { MailError } from '../core/errors.js';
import type { DkimKeyRecord, QueuedMessage, QueueStore } from '../store/queue.js';
import type { Store } from '../store/types.js';

function need<T>(v: T | undefined, what: string): T {
  if (!v) throw new MailError('Unavailable', `this store has no ${what}`);
  return v;
}

/** The domain's signing key, generated and stored when it has none. */
export async function ensureDomainKey(
  store: Store,
  domain: string,
  now = new Date(),
): Promise<DkimKeyRecord> {
  const keys = need(store.dkimKeys, 'DKIM key table');
  const d = domain.toLowerCase();
  if (!(await store.accounts.getDomain(d))) throw new MailError('NotFound', `not a local domain: ${d}`);
  const existing = await keys.get(d);
  if (existing) return existing;
  const key = await generateDkimKey(d, now);
  await keys.put(key);
  return key;
}

/** Zone-file text of every record the domain needs (creates the DKIM key if missing). */
export async function domainDnsText(store: Store, domain: string, hostname: string): Promise<string> {
  const key = await ensureDomainKey(store, domain);
  return zoneText(dnsRecords({ domain: key.domain, hostname, dkim: key }));
}

/** Every queued message, in pages. */
export async function* queueEntries(store: Store, pageSize = 500): AsyncGenerator<QueuedMessage> {
  const queue: QueueStore = need(store.queue, 'outbound queue');
  let after = 0;
  for (;;) {
    const page = await queue.list(after, pageSize);
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1]!.id;
  }
}

/** One line per queued message, then one indented line per recipient still pending or failed. */
export function formatQueueEntry(m: QueuedMessage): string {
  const lines = [`${m.id}\t${m.createdAt.toISOString()}\t${m.size} bytes\tfrom <${m.mailFrom}>`];
  for (const r of m.recipients) {
    const last = r.lastDiagnostic ? `\t${r.lastEnhanced ?? ''} ${r.lastDiagnostic}` : '';
    const next = r.state === 'pending' ? `\tnext ${r.nextAttemptAt.toISOString()}` : '';
    lines.push(`  ${r.address}\t${r.state}\tattempts ${r.attempts}${next}${last}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Makes one message (or all, id null) due now; returns recipients rescheduled. */
export function queueRetry(store: Store, id: number | null): Promise<number> {
  return need(store.queue, 'outbound queue').retryNow(id, new Date());
}

export function queueDelete(store: Store, id: number): Promise<void> {
  return need(store.queue, 'outbound queue').remove(id);
}
