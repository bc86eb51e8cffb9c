// What SORT and SEARCH need from an address list (ENVELOPE addresses, src/mime/address.ts):
// the RFC 5256 sort mailbox, the RFC 5957 display value, and the list written out as
// text for FROM/TO/CC/BCC substring search.

import { isGroupMarker, MISSING_DOMAIN, MISSING_MAILBOX } from './address.js';
import { decodeWords } from './encoded-word.js';
import type { EnvelopeAddress } from './types.js';

const real = (part: string | null, missing: string): string => (part === missing ? '' : (part ?? ''));

/**
 * RFC 5256 §3 SORT FROM/TO/CC: the addr-mailbox of the first address. A group's first
 * entry is its start marker, whose addr-mailbox is the group name (as Dovecot sorts).
 */
export function sortMailbox(list: readonly EnvelopeAddress[] | null): string {
  const first = list?.[0];
  return first ? real(first.mailbox, MISSING_MAILBOX) : '';
}

/**
 * RFC 5957 §3 display value of the first address: its decoded display name when not
 * empty, else mailbox@host, else the mailbox (a group's name), else ''.
 */
export function displaySortValue(list: readonly EnvelopeAddress[] | null): string {
  const first = list?.[0];
  if (!first) return '';
  const name = first.name ? decodeWords(first.name).trim() : '';
  if (name) return name;
  const mailbox = real(first.mailbox, MISSING_MAILBOX);
  const host = real(first.host, MISSING_DOMAIN);
  return mailbox && host ? `${mailbox}@${host}` : mailbox;
}

/**
 * The list written out with names decoded: `Name <mailbox@host>`, `<mailbox@host>`,
 * groups as `name: ...;`, joined by ", ". FROM/TO/CC/BCC search matches substrings of
 * this (comments dropped, a comment standing in for a missing name), as Dovecot does.
 */
export function addressSearchText(list: readonly EnvelopeAddress[] | null): string {
  const out: string[] = [];
  let group: string[] | null = null;
  let groupName = '';
  for (const a of list ?? []) {
    if (isGroupMarker(a)) {
      if (group === null && a.mailbox !== null) {
        group = [];
        groupName = a.mailbox;
      } else if (group !== null) {
        out.push(`${groupName}: ${group.join(', ')};`.replace(': ;', ':;'));
        group = null;
      }
      continue;
    }
    const mailbox = real(a.mailbox, MISSING_MAILBOX);
    const host = real(a.host, MISSING_DOMAIN);
    const spec = host ? `${mailbox}@${host}` : mailbox;
    const name = a.name ? decodeWords(a.name).trim() : '';
    const text = name ? (spec ? `${name} <${spec}>` : name) : spec ? `<${spec}>` : '';
    if (group !== null) group.push(text);
    else out.push(text);
  }
  if (group !== null) out.push(`${groupName}: ${group.join(', ')};`.replace(': ;', ':;'));
  return out.join(', ');
}
