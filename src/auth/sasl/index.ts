// Pure SASL mechanisms for every protocol. See server.ts for the exchange driver.
export { decodeSaslBase64, encodeSaslBase64 } from './base64.js';
export { LOGIN_PASSWORD_PROMPT, LOGIN_USERNAME_PROMPT } from './login.js';
export { authzidAllowed, parsePlainMessage } from './plain.js';
export {
  isSaslMechanism,
  MAX_SASL_RESPONSE_CHARS,
  SASL_MECHANISMS,
  SaslExchange,
  type SaslMechanismName,
} from './server.js';
export type { SaslCredentials, SaslErrorCode, SaslResult } from './types.js';
