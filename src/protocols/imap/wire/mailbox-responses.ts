// Untagged data about mailboxes: LIST/LSUB, STATUS, QUOTA, QUOTAROOT, NAMESPACE.

import { type EncodeOptions, ResponseBuilder, type ResponsePart } from './encode.js';
import { mailboxToWire } from './mailbox-name.js';
import { flagList } from './responses.js';

export interface ListEntry {
  command: 'LIST' | 'LSUB';
  attributes: readonly string[];
  /** null for a flat name space (NIL). */
  delimiter: string | null;
  /** Canonical (UTF-8) mailbox name; encoded for the client here. */
  name: string;
  /** RFC 5258 CHILDINFO extended data, e.g. ['SUBSCRIBED']. */
  childInfo?: readonly string[];
  /** RFC 9051 §6.3.9.7 OLDNAME for renamed mailboxes. */
  oldName?: string;
}

/** `* LIST (\HasNoChildren) "/" "Sent" ("CHILDINFO" ("SUBSCRIBED"))`. */
export function listResponse(e: ListEntry, opts: EncodeOptions): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw(`* ${e.command} `).raw(flagList(e.attributes)).sp();
  if (e.delimiter === null) b.raw('NIL');
  else b.string(e.delimiter);
  b.sp().astring(mailboxToWire(e.name, opts.utf8));
  const ext: Array<[string, () => void]> = [];
  if (e.childInfo?.length) ext.push(['CHILDINFO', () => b.list(e.childInfo!, (x, s) => x.string(s))]);
  if (e.oldName !== undefined)
    ext.push(['OLDNAME', () => b.list([e.oldName!], (x, s) => x.string(mailboxToWire(s, opts.utf8)))]);
  if (ext.length) {
    b.raw(' (');
    ext.forEach(([k, write], i) => {
      if (i) b.sp();
      b.string(k).sp();
      write();
    });
    b.raw(')');
  }
  return b.done();
}

/** `* STATUS "name" (MESSAGES 1 UIDNEXT 5)` (RFC 9051 §7.2.4). */
export function statusResponse(
  name: string,
  items: ReadonlyArray<readonly [string, number | string | null]>,
  opts: EncodeOptions,
): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw('* STATUS ').astring(mailboxToWire(name, opts.utf8)).sp();
  b.list(items, (x, [k, v]) => {
    x.raw(`${k} `);
    // MAILBOXID is "(" objectid ")" (RFC 8474 §4); numbers otherwise.
    if (k === 'MAILBOXID') x.raw(`(${v})`);
    else x.raw(v === null ? 'NIL' : String(v));
  });
  return b.done();
}

/** `* QUOTA "" (STORAGE 10 512 MESSAGE 3 1000)` (RFC 9208 §5.1); usage and limit in the
 *  resource's unit (STORAGE in KiB). */
export function quotaResponse(
  root: string,
  resources: ReadonlyArray<{ name: string; usage: number; limit: number }>,
): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* QUOTA ').astring(root).sp();
  b.list(resources, (x, r) => {
    x.raw(`${r.name} ${r.usage} ${r.limit}`);
  });
  return b.done();
}

/** `* QUOTAROOT INBOX ""` (RFC 9208 §5.2). */
export function quotaRootResponse(
  mailbox: string,
  roots: readonly string[],
  opts: EncodeOptions,
): ResponsePart[] {
  const b = new ResponseBuilder(opts);
  b.raw('* QUOTAROOT ').astring(mailboxToWire(mailbox, opts.utf8));
  for (const r of roots) b.sp().string(r);
  return b.done();
}

/** One namespace: prefix and delimiter, e.g. ["", "/"]. */
export type Namespace = readonly [prefix: string, delimiter: string | null];

/** `* NAMESPACE (("" "/")) NIL NIL` (RFC 9051 §7.3.5): personal, other users, shared. */
export function namespaceResponse(
  personal: readonly Namespace[],
  other: readonly Namespace[],
  shared: readonly Namespace[],
): ResponsePart[] {
  const b = new ResponseBuilder({ utf8: false });
  b.raw('* NAMESPACE');
  for (const group of [personal, other, shared]) {
    b.sp();
    if (group.length === 0) {
      b.raw('NIL');
      continue;
    }
    // Namespace = nil / "(" 1*Namespace-Descr ")": descriptions are not separated by SP.
    b.raw('(');
    for (const [prefix, delim] of group) {
      b.raw('(').string(prefix).sp();
      if (delim === null) b.raw('NIL');
      else b.string(delim);
      b.raw(')');
    }
    b.raw(')');
  }
  return b.done();
}
