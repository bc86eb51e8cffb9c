// The authenticator's view of accounts (CredentialSource), over the store. Per-user
// settings from the core become what the authenticator checks: IMAP or POP3 switched off
// (`postroom user set --no-imap`) removes that protocol from the user's allowed list.
import { AUTH_PROTOCOLS } from '../auth/app-passwords.js';
import type { CredentialSource, CredentialUser } from '../auth/authenticator.js';
import { readSettings } from '../core/settings.js';
import type { AccountStore, User } from '../store/types.js';

export function credentialUser(user: User): CredentialUser {
  const s = readSettings(user.settings, user.createdAt);
  const protocols = AUTH_PROTOCOLS.filter(
    (p) => !(p === 'imap' && !s.imapEnabled) && !(p === 'pop3' && !s.popEnabled),
  );
  const disabled = user.settings.disabled === true;
  return {
    id: user.id,
    address: user.address,
    passwordHash: user.passwordHash,
    settings: { ...user.settings, disabled, protocols },
  };
}

export function credentialSource(accounts: AccountStore): CredentialSource {
  return {
    async getUser(address) {
      const user = await accounts.getUser(address);
      return user ? credentialUser(user) : null;
    },
    async listAppPasswords(userId) {
      return accounts.listAppPasswords(userId);
    },
    async touchAppPassword(id) {
      await accounts.touchAppPassword(id, new Date());
    },
  };
}
