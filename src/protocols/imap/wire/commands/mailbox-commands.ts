// Arguments of the mailbox commands: SELECT/EXAMINE, CREATE, DELETE, RENAME, (UN)SUBSCRIBE,
// LIST, LSUB, STATUS, and the QUOTA commands (RFC 9208).

import { fail } from '../errors.js';
import type { Reader } from '../reader.js';
import { readSequenceSet } from '../sequence-set.js';
import { decodePattern, readMailbox, readStatusItems } from './common.js';
import type { ImapCommand, ListReturn, ListSelect, ParseOptions } from './types.js';

type Qresync = Extract<ImapCommand, { name: 'SELECT' | 'EXAMINE' }>['qresync'];

/** RFC 9051 select = "SELECT" SP mailbox [select-params] (RFC 4466), with RFC 7162
 *  CONDSTORE and QRESYNC (uidvalidity mod-sequence-value [SP known-uids] [SP seq-match-data]). */
export function parseSelect(
  r: Reader,
  tag: string,
  name: 'SELECT' | 'EXAMINE',
  opts: ParseOptions,
): ImapCommand {
  r.sp();
  const mailbox = readMailbox(r, opts);
  let condstore = false;
  let qresync: Qresync = null;
  if (r.maybeSp() && !r.atEnd()) {
    r.list(
      () => {
        const w = r.keyword('select parameter');
        if (w === 'CONDSTORE') condstore = true;
        else if (w === 'QRESYNC') {
          r.sp();
          qresync = readQresync(r);
        } else fail(`Unknown SELECT parameter "${w}"`);
      },
      false,
      'select parameters',
    );
  }
  return { tag, name, mailbox, condstore, qresync };
}

function readQresync(r: Reader): NonNullable<Qresync> {
  r.expect('(');
  // Accept uidvalidity/modseq 0: clients copying the RFC example send them (CLIENT-QUIRKS §1).
  const uidValidity = r.number(0xffffffff, 'UIDVALIDITY');
  r.sp();
  const modseq = r.modseq();
  let knownUids = null;
  let seqMatch = null;
  if (r.maybeSp()) {
    if (r.peek() !== 0x28) knownUids = readSequenceSet(r);
    if (knownUids && r.maybeSp() && r.peek() !== 0x28) fail('Expected known sequence set match data');
    if (r.take('(')) {
      const seqs = readSequenceSet(r);
      r.sp();
      const uids = readSequenceSet(r);
      r.expect(')');
      seqMatch = { seqs, uids };
    }
  }
  r.expect(')');
  return { uidValidity, modseq, knownUids, seqMatch };
}

/** RFC 9051 create = "CREATE" SP mailbox [create-params]; RFC 6154 "USE" SP "(" ... ")". */
export function parseCreate(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  const mailbox = readMailbox(r, opts);
  let use: string[] | null = null;
  if (r.maybeSp() && !r.atEnd()) {
    r.list(
      () => {
        const w = r.keyword('create parameter');
        if (w !== 'USE') fail(`Unknown CREATE parameter "${w}"`);
        r.sp();
        use = r.list(() => {
          r.expect('\\');
          return '\\' + r.atom('special-use attribute');
        });
      },
      false,
      'create parameters',
    );
  }
  return { tag, name: 'CREATE', mailbox, use };
}

export function parseOneMailbox(
  r: Reader,
  tag: string,
  name: 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE',
  opts: ParseOptions,
): ImapCommand {
  r.sp();
  return { tag, name, mailbox: readMailbox(r, opts) };
}

export function parseRename(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  const from = readMailbox(r, opts);
  r.sp();
  return { tag, name: 'RENAME', from, to: readMailbox(r, opts) };
}

export function parseStatus(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  const mailbox = readMailbox(r, opts);
  r.sp();
  return { tag, name: 'STATUS', mailbox, items: readStatusItems(r) };
}

/** RFC 9051 list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]
 *  (RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS). */
export function parseList(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  const select: ListSelect = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  const returns: ListReturn = { subscribed: false, children: false, specialUse: false, status: null };
  let extended = false;
  r.sp();
  if (r.peek() === 0x28) {
    extended = true;
    r.list(() => {
      const w = r.keyword('selection option');
      if (w === 'SUBSCRIBED') select.subscribed = true;
      else if (w === 'REMOTE') select.remote = true;
      else if (w === 'RECURSIVEMATCH') select.recursiveMatch = true;
      else if (w === 'SPECIAL-USE') select.specialUse = true;
      // RFC 5258 §3: unrecognised selection options MUST be rejected.
      else fail(`Unknown LIST selection option "${w}"`);
    });
    // RFC 5258 §3: RECURSIVEMATCH needs another (non-REMOTE) selection option.
    if (select.recursiveMatch && !select.subscribed && !select.specialUse)
      fail('RECURSIVEMATCH needs another selection option');
    r.sp();
  }
  const reference = decodePattern(r.astringBytes('reference'), opts);
  r.sp();
  let patterns: string[];
  if (r.peek() === 0x28) {
    extended = true;
    patterns = r.list(() => decodePattern(r.listMailboxBytes(), opts), false, 'patterns');
  } else {
    patterns = [decodePattern(r.listMailboxBytes(), opts)];
  }
  if (r.maybeSp() && !r.atEnd()) {
    extended = true;
    r.expect('RETURN');
    r.sp();
    r.list(() => {
      const w = r.keyword('return option');
      if (w === 'SUBSCRIBED') returns.subscribed = true;
      else if (w === 'CHILDREN') returns.children = true;
      else if (w === 'SPECIAL-USE') returns.specialUse = true;
      else if (w === 'STATUS') {
        r.sp();
        returns.status = readStatusItems(r);
      } else fail(`Unknown LIST return option "${w}"`);
    });
  }
  return { tag, name: 'LIST', reference, patterns, select, returns, extended };
}

export function parseLsub(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  const reference = decodePattern(r.astringBytes('reference'), opts);
  r.sp();
  return { tag, name: 'LSUB', reference, pattern: decodePattern(r.listMailboxBytes(), opts) };
}

/** RFC 9208 §4.2 getquota = "GETQUOTA" SP quota-root-name (astring). */
export function parseGetQuota(r: Reader, tag: string): ImapCommand {
  r.sp();
  return { tag, name: 'GETQUOTA', root: r.astring('quota root') };
}

export function parseGetQuotaRoot(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  return { tag, name: 'GETQUOTAROOT', mailbox: readMailbox(r, opts) };
}

/** RFC 9208 §4.1.4 setquota = "SETQUOTA" SP quota-root-name SP setquota-list. */
export function parseSetQuota(r: Reader, tag: string): ImapCommand {
  r.sp();
  const root = r.astring('quota root');
  r.sp();
  const limits: Array<{ resource: string; limit: number }> = [];
  r.expect('(');
  if (!r.take(')')) {
    for (;;) {
      const resource = r.keyword('resource name');
      r.sp();
      limits.push({ resource, limit: r.number64('resource limit') });
      if (r.take(')')) break;
      r.sp();
    }
  }
  return { tag, name: 'SETQUOTA', root, limits };
}
