// SASL PLAIN, RFC 4616: message = [authzid] NUL authcid NUL passwd, all UTF-8.
// Postroom does not let one user act as another, so a non-empty authzid is accepted only
// when it names the authenticating user (compared case-insensitively, as login names are
// addresses).

import { decodeUtf8 } from './base64.js';
import { type MechanismStep, type SaslMechanism, saslError } from './types.js';

// RFC 4616 §2: authcid and authzid up to 255 octets, passwd up to 255 octets; we allow a
// little more for long addresses and pass phrases but stay far from anything abusive.
const MAX_FIELD_BYTES = 1024;

/** RFC 4616 §2: empty authzid, or one equal to the authentication identity. */
export function authzidAllowed(authzid: string | null, username: string): boolean {
  return authzid === null || authzid === '' || authzid.toLowerCase() === username.toLowerCase();
}

/** Parses one PLAIN message. */
export function parsePlainMessage(message: Buffer): MechanismStep {
  const first = message.indexOf(0);
  const second = first < 0 ? -1 : message.indexOf(0, first + 1);
  if (first < 0 || second < 0 || message.indexOf(0, second + 1) >= 0)
    return saslError('malformed', 'PLAIN message must be authzid NUL authcid NUL password');
  const fields = [
    message.subarray(0, first),
    message.subarray(first + 1, second),
    message.subarray(second + 1),
  ];
  if (fields.some((f) => f.length > MAX_FIELD_BYTES)) return saslError('malformed', 'PLAIN field too long');
  const [authzid, username, password] = fields.map((f) => decodeUtf8(f));
  if (authzid == null || username == null || password == null)
    return saslError('malformed', 'PLAIN message is not valid UTF-8');
  if (username === '' || password === '') return saslError('malformed', 'empty user name or password');
  if (!authzidAllowed(authzid, username))
    return saslError('authzid-not-allowed', 'authorization identity must be empty or equal to the user name');
  return { type: 'done', credentials: { username, password, authzid: authzid === '' ? null : authzid } };
}

export function createPlainMechanism(): SaslMechanism {
  return {
    // RFC 4422 §5: without an initial response the server sends an empty challenge.
    start: (initial) =>
      initial === null ? { type: 'challenge', challenge: Buffer.alloc(0) } : parsePlainMessage(initial),
    step: (response) => parsePlainMessage(response),
  };
}
