// SASL LOGIN (draft-murchison-sasl-login, obsolete but required by Outlook and many
// devices). The prompts must be exactly "Username:" and "Password:"; Outlook refuses
// anything else (CLIENT-QUIRKS §1 Outlook). An initial response carries the user name
// (`AUTH LOGIN dXNlcg==`), and then only the password prompt follows.

import { decodeUtf8 } from './base64.js';
import { type MechanismStep, type SaslMechanism, saslError } from './types.js';

export const LOGIN_USERNAME_PROMPT = 'Username:';
export const LOGIN_PASSWORD_PROMPT = 'Password:';
const MAX_FIELD_BYTES = 1024;

function field(bytes: Buffer, what: string): string | MechanismStep {
  if (bytes.length > MAX_FIELD_BYTES) return saslError('malformed', `${what} too long`);
  const text = decodeUtf8(bytes);
  if (text === null) return saslError('malformed', `${what} is not valid UTF-8`);
  if (text === '') return saslError('malformed', `empty ${what}`);
  if (text.includes('\0')) return saslError('malformed', `${what} contains NUL`);
  return text;
}

export function createLoginMechanism(): SaslMechanism {
  let username: string | null = null;
  const acceptUsername = (bytes: Buffer): MechanismStep => {
    const u = field(bytes, 'user name');
    if (typeof u !== 'string') return u;
    username = u;
    return { type: 'challenge', challenge: Buffer.from(LOGIN_PASSWORD_PROMPT) };
  };
  return {
    start: (initial) =>
      initial === null || initial.length === 0
        ? { type: 'challenge', challenge: Buffer.from(LOGIN_USERNAME_PROMPT) }
        : acceptUsername(initial),
    step: (response) => {
      if (username === null) return acceptUsername(response);
      const p = field(response, 'password');
      if (typeof p !== 'string') return p;
      return { type: 'done', credentials: { username, password: p, authzid: null } };
    },
  };
}
