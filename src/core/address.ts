// Mail address validation and normalisation: local part lower case, domain in IDNA
// A-label form (node:url domainToASCII), catch-all form '@domain'.
import { domainToASCII } from 'node:url';
import { MailError } from './errors.js';

// RFC 5321 §4.5.3.1: local part at most 64 octets, the whole path at most 256 (254 usable).
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;
// dot-atom text (RFC 5322 §3.2.3) plus UTF-8 (RFC 6531); no quoted local parts.
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Normalises a domain name to lower-case A-labels; Invalid when it is not a host name. */
export function normalizeDomain(input: string): string {
  const raw = input.trim().replace(/\.$/, '');
  if (!raw) throw new MailError('Invalid', 'empty domain');
  const ascii = domainToASCII(raw.toLowerCase());
  if (!ascii || ascii.length > 253 || !ascii.split('.').every((l) => LABEL.test(l)))
    throw new MailError('Invalid', `invalid domain: ${input}`);
  return ascii;
}

export interface ParsedAddress {
  local: string; // '' for a catch-all
  domain: string;
  address: string; // normalised local@domain (or @domain)
}

/** Parses and normalises `local@domain`; `allowCatchAll` also accepts `@domain`. */
export function parseAddress(input: string, allowCatchAll = false): ParsedAddress {
  const trimmed = input.trim().replace(/^<(.*)>$/, '$1');
  const at = trimmed.lastIndexOf('@');
  if (at < 0) throw new MailError('Invalid', `invalid address (no @): ${input}`);
  const local = trimmed.slice(0, at).normalize('NFC').toLowerCase();
  const domain = normalizeDomain(trimmed.slice(at + 1));
  if (local === '') {
    if (!allowCatchAll) throw new MailError('Invalid', `invalid address (empty local part): ${input}`);
  } else if (Buffer.byteLength(local) > MAX_LOCAL || !LOCAL.test(local)) {
    throw new MailError('Invalid', `invalid local part: ${input}`);
  }
  const address = `${local}@${domain}`;
  if (Buffer.byteLength(address) > MAX_ADDRESS) throw new MailError('Invalid', `address too long: ${input}`);
  return { local, domain, address };
}

export const normalizeAddress = (input: string): string => parseAddress(input).address;
