// The typed result of parsing one IMAP command: a discriminated union on `name`, so the
// session's `switch (cmd.name)` fails to compile when a case is missing.

import type { ImapDateTime } from '../datetime.js';
import type { ParseFailure } from '../errors.js';
import type { FetchAttr, FetchModifiers } from '../fetch-items.js';
import type { LiteralPart, StreamedPart } from '../frame.js';
import type { SearchProgram, SearchReturn } from '../search.js';
import type { SequenceSet } from '../sequence-set.js';
import type { SortCriterion } from '../sort-criteria.js';

interface Base {
  tag: string;
}
/** Commands that have a UID form (RFC 9051 §6.4.9). */
interface UidForm {
  uid: boolean;
}

export type StatusItem =
  | 'MESSAGES'
  | 'UIDNEXT'
  | 'UIDVALIDITY'
  | 'UNSEEN'
  | 'DELETED'
  | 'SIZE'
  | 'HIGHESTMODSEQ'
  | 'RECENT'
  | 'APPENDLIMIT'
  | 'MAILBOXID';

/** RFC 4469 §5 cat-part: a TEXT literal or a URL (not yet parsed: BADURL names it as sent). */
export type CatPart = { kind: 'text'; data: LiteralPart | StreamedPart } | { kind: 'url'; url: string };

/** One message of APPEND / MULTIAPPEND (RFC 3502) or REPLACE (RFC 8508). */
export interface AppendMessage {
  flags: string[];
  date: ImapDateTime | null;
  /** The message: buffered, streamed as literal-* events (see Framer), or assembled from
   *  parts (CATENATE, RFC 4469). */
  data: LiteralPart | StreamedPart | { kind: 'catenate'; parts: CatPart[] };
  /** Sent as UTF8 (~{n}) (RFC 6855 §4) or literal8 (RFC 3516). */
  utf8: boolean;
}

/** RFC 5524 §4 url-fetch-param items. */
export interface UrlFetchParams {
  bodyPartStructure: boolean;
  /** BINARY: content transfer encodings removed. */
  binary: boolean;
  body: boolean;
}

export interface ListSelect {
  subscribed: boolean;
  remote: boolean;
  recursiveMatch: boolean;
  specialUse: boolean;
}

export interface ListReturn {
  subscribed: boolean;
  children: boolean;
  specialUse: boolean;
  /** RFC 5819 LIST-STATUS items, or null. */
  status: StatusItem[] | null;
  /** RFC 5258 §6: RETURN (MYRIGHTS) etc. we do not know are refused; this lists none. */
}

export type NotifyFilter =
  | { kind: 'selected'; delayed: boolean }
  | { kind: 'inboxes' }
  | { kind: 'personal' }
  | { kind: 'subscribed' }
  | { kind: 'subtree'; mailboxes: string[] }
  | { kind: 'mailboxes'; mailboxes: string[] };

export type NotifyEvent =
  | { kind: 'MessageNew'; fetch: FetchAttr[] }
  | { kind: 'MessageExpunge' }
  | { kind: 'FlagChange' }
  | { kind: 'AnnotationChange' }
  | { kind: 'MailboxName' }
  | { kind: 'SubscriptionChange' }
  | { kind: 'MailboxMetadataChange' }
  | { kind: 'ServerMetadataChange' }
  | { kind: 'other'; name: string };

export interface NotifyGroup {
  filter: NotifyFilter;
  /** null: "NONE" (no events for these mailboxes). */
  events: NotifyEvent[] | null;
}

export type StoreOp = 'set' | 'add' | 'remove';

export type ImapCommand =
  // Any state (RFC 9051 §6.1)
  | (Base & { name: 'CAPABILITY' })
  | (Base & { name: 'NOOP' })
  | (Base & { name: 'LOGOUT' })
  /** RFC 2971: null = ID NIL. Field names are kept as sent. */
  | (Base & { name: 'ID'; params: Array<[string, string | null]> | null })
  // Not authenticated (§6.2)
  | (Base & { name: 'STARTTLS' })
  /** RFC 4959 SASL-IR: initialResponse is the base64 text; "" for "=" (empty response). */
  | (Base & { name: 'AUTHENTICATE'; mechanism: string; initialResponse: string | null })
  | (Base & { name: 'LOGIN'; user: string; password: string })
  // Authenticated (§6.3)
  | (Base & { name: 'ENABLE'; capabilities: string[] })
  | (Base & {
      name: 'SELECT' | 'EXAMINE';
      mailbox: string;
      condstore: boolean;
      /** RFC 7162 §3.2.5 QRESYNC parameters. */
      qresync: {
        uidValidity: number;
        modseq: number;
        knownUids: SequenceSet | null;
        seqMatch: { seqs: SequenceSet; uids: SequenceSet } | null;
      } | null;
    })
  | (Base & { name: 'NAMESPACE' })
  /** RFC 6154 §5.1 CREATE-SPECIAL-USE: use = (\Sent ...) or null. */
  | (Base & { name: 'CREATE'; mailbox: string; use: string[] | null })
  | (Base & { name: 'DELETE'; mailbox: string })
  | (Base & { name: 'RENAME'; from: string; to: string })
  | (Base & { name: 'SUBSCRIBE' | 'UNSUBSCRIBE'; mailbox: string })
  /** RFC 9051 §6.3.9 + RFC 5258 LIST-EXTENDED. Patterns are decoded but not normalised. */
  | (Base & {
      name: 'LIST';
      reference: string;
      patterns: string[];
      select: ListSelect;
      returns: ListReturn;
      /** True when the client used LIST-EXTENDED syntax (selection, RETURN, or pattern list). */
      extended: boolean;
    })
  | (Base & { name: 'LSUB'; reference: string; pattern: string })
  | (Base & { name: 'STATUS'; mailbox: string; items: StatusItem[] })
  | (Base & { name: 'APPEND'; mailbox: string; messages: AppendMessage[] })
  | (Base & { name: 'IDLE' })
  /** RFC 4467 §7: GENURLAUTH rump URLs, each with its mechanism (upper-cased). */
  | (Base & { name: 'GENURLAUTH'; items: Array<{ url: string; mechanism: string }> })
  /** RFC 4467 §7.1: no mailbox resets every key of the user. */
  | (Base & { name: 'RESETKEY'; mailbox: string | null; mechanisms: string[] })
  /** RFC 4467 §7.3, RFC 5524 §4: params null is the plain form (`* URLFETCH url nstring`). */
  | (Base & { name: 'URLFETCH'; urls: Array<{ url: string; params: UrlFetchParams | null }> })
  /** RFC 5465: null groups = NOTIFY NONE. */
  | (Base & { name: 'NOTIFY'; status: boolean; groups: NotifyGroup[] | null })
  | (Base & { name: 'GETQUOTA'; root: string })
  | (Base & { name: 'GETQUOTAROOT'; mailbox: string })
  | (Base & { name: 'SETQUOTA'; root: string; limits: Array<{ resource: string; limit: number }> })
  /** RFC 4978. */
  | (Base & { name: 'COMPRESS'; algorithm: string })
  /** RFC 8437. */
  | (Base & { name: 'UNAUTHENTICATE' })
  // Selected (§6.4)
  | (Base & { name: 'CHECK' })
  | (Base & { name: 'CLOSE' })
  | (Base & { name: 'UNSELECT' })
  /** RFC 5267 §4.2: ends the live searches with these tags. */
  | (Base & { name: 'CANCELUPDATE'; tags: string[] })
  /** UID EXPUNGE (RFC 4315 / RFC 9051 §6.4.9) has a set; plain EXPUNGE has null. */
  | (Base & UidForm & { name: 'EXPUNGE'; set: SequenceSet | null })
  | (Base & UidForm & { name: 'SEARCH'; returns: SearchReturn | null; program: SearchProgram })
  | (Base & UidForm & { name: 'FETCH'; set: SequenceSet; items: FetchAttr[]; modifiers: FetchModifiers })
  | (Base &
      UidForm & {
        name: 'STORE';
        set: SequenceSet;
        op: StoreOp;
        silent: boolean;
        flags: string[];
        /** RFC 7162 §3.1.3 UNCHANGEDSINCE. */
        unchangedSince: number | null;
      })
  | (Base & UidForm & { name: 'COPY' | 'MOVE'; set: SequenceSet; mailbox: string })
  /** RFC 8508: REPLACE seq-number mailbox append-message (UID REPLACE takes a UID). */
  | (Base & UidForm & { name: 'REPLACE'; target: number; mailbox: string; message: AppendMessage })
  | (Base &
      UidForm & {
        name: 'SORT';
        returns: SearchReturn | null;
        criteria: SortCriterion[];
        program: SearchProgram;
      })
  | (Base & UidForm & { name: 'THREAD'; algorithm: string; program: SearchProgram });

export type CommandName = ImapCommand['name'];

export type ParseResult = { ok: true; command: ImapCommand } | ParseFailure;

export interface ParseOptions {
  /** UTF8=ACCEPT is enabled (RFC 6855): mailbox names are UTF-8, not modified UTF-7. */
  utf8Accept: boolean;
}
