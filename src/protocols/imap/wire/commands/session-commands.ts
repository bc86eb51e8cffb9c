// Arguments of the connection-level commands: ID, LOGIN, AUTHENTICATE, ENABLE, COMPRESS.

import { fail } from '../errors.js';
import type { Reader } from '../reader.js';
import type { ImapCommand } from './types.js';

/** RFC 2971 §4: at most 30 pairs; we allow some slack for sloppy clients. */
const MAX_ID_PAIRS = 64;

export function parseId(r: Reader, tag: string): ImapCommand {
  r.sp();
  if (r.nil()) return { tag, name: 'ID', params: null };
  const items = r.list(() => r.nstring('ID field'), true, 'ID parameters');
  if (items.length % 2 !== 0) fail('ID parameters must be field/value pairs');
  if (items.length / 2 > MAX_ID_PAIRS) fail('Too many ID parameters');
  const params: Array<[string, string | null]> = [];
  for (let i = 0; i < items.length; i += 2) {
    const field = items[i];
    if (field === null || field === undefined) fail('ID field name must not be NIL');
    params.push([field, items[i + 1] ?? null]);
  }
  return { tag, name: 'ID', params };
}

export function parseLogin(r: Reader, tag: string): ImapCommand {
  r.sp();
  const user = r.astring('user name');
  r.sp();
  const password = r.astring('password');
  return { tag, name: 'LOGIN', user, password };
}

/** RFC 9051 authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp] (RFC 4959). */
export function parseAuthenticate(r: Reader, tag: string): ImapCommand {
  r.sp();
  const mechanism = r.keyword('SASL mechanism');
  let initialResponse: string | null = null;
  if (r.maybeSp() && !r.atEnd()) {
    const ir = r.atom('initial response');
    if (ir === '=') initialResponse = '';
    else if (/^[A-Za-z0-9+/]+={0,2}$/.test(ir) && ir.length % 4 === 0) initialResponse = ir;
    else fail('Initial response is not base64');
  }
  return { tag, name: 'AUTHENTICATE', mechanism, initialResponse };
}

/** RFC 5161 enable = "ENABLE" 1*(SP capability). */
export function parseEnable(r: Reader, tag: string): ImapCommand {
  const capabilities: string[] = [];
  do {
    r.sp();
    capabilities.push(r.keyword('capability'));
  } while (!r.atEnd());
  return { tag, name: 'ENABLE', capabilities };
}

/** RFC 4978 compress = "COMPRESS" SP algorithm. */
export function parseCompress(r: Reader, tag: string): ImapCommand {
  r.sp();
  return { tag, name: 'COMPRESS', algorithm: r.keyword('algorithm') };
}
