// URLAUTH (RFC 4467): mailbox access keys and the INTERNAL authorization mechanism.
// The token of a rump URL is an HMAC-SHA256 of the URL's exact bytes under the key of the
// mailbox it names (§2.4.1 leaves the INTERNAL algorithm to the server; 64 hex digits
// satisfy RFC 5092 enc-urlauth = 32*HEXDIG). Keys are made on first use and removed by
// RESETKEY (§7.1), which revokes every URL authorized with them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MailboxId, Store, UserId } from '../store/types.js';
import { MailError } from './errors.js';

/** RFC 4467 §2.4.1: the only mechanism this server implements. */
export const URLAUTH_MECHANISMS = ['INTERNAL'] as const;

const KEY_BYTES = 32;

export class UrlAuthService {
  constructor(private readonly store: Store) {}

  /** True when the store keeps access keys (URLAUTH can be offered). */
  get available(): boolean {
    return this.store.urlAuthKeys !== undefined;
  }

  private keys() {
    const k = this.store.urlAuthKeys;
    if (!k) throw new MailError('Unavailable', 'URLAUTH is not supported by this store');
    return k;
  }

  /** The INTERNAL token (hex) of `rump` for a mailbox of `userId`; creates the key if needed. */
  async generate(userId: UserId, mailboxId: MailboxId, rump: string): Promise<string> {
    const key = await this.keys().ensureUrlAuthKey(userId, mailboxId, randomBytes(KEY_BYTES));
    return hmac(key, rump);
  }

  /** RFC 4467 §6: true when `token` is the INTERNAL token of `rump` under the current key
   *  (false when the key was never made or was reset). */
  async verify(userId: UserId, mailboxId: MailboxId, rump: string, token: string): Promise<boolean> {
    const key = await this.keys().getUrlAuthKey(userId, mailboxId);
    if (!key) return false;
    const want = Buffer.from(hmac(key, rump), 'latin1');
    const got = Buffer.from(token.toLowerCase(), 'latin1');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /** RESETKEY: one mailbox's key, or all of the user's (RFC 4467 §7.1). */
  async reset(userId: UserId, mailboxId?: MailboxId): Promise<void> {
    await this.keys().deleteUrlAuthKeys(userId, mailboxId);
  }
}

function hmac(key: Buffer, rump: string): string {
  return createHmac('sha256', key).update(rump, 'utf8').digest('hex');
}
