// RFC 2449 §6 CAPA list. What is offered depends on the connection: STLS only before
// TLS (RFC 2595 §4), USER and SASL only where a plaintext password may be sent.

export interface CapaContext {
  tlsAvailable: boolean;
  secure: boolean;
  plaintextAllowed: boolean;
  /** RFC 2449 §6.7: days, 'NEVER', or 0. */
  expire: number | 'NEVER';
  loggedIn: boolean;
  mechanisms: readonly string[];
}

export function capabilities(c: CapaContext): string[] {
  const caps = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING'];
  if (c.plaintextAllowed && !c.loggedIn) caps.push('USER');
  if (c.plaintextAllowed && !c.loggedIn) caps.push(`SASL ${c.mechanisms.join(' ')}`);
  // RFC 2449 §6.7: before login the value may be followed by USER (varies per user).
  caps.push(`EXPIRE ${c.expire}${c.loggedIn ? '' : ' USER'}`);
  // RFC 2449 §6.5: we impose no delay between logins.
  caps.push('LOGIN-DELAY 0');
  if (c.tlsAvailable && !c.secure && !c.loggedIn) caps.push('STLS');
  caps.push('IMPLEMENTATION Postroom');
  return caps;
}
