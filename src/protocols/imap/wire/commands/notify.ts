// NOTIFY arguments (RFC 5465 §8).

import { fail } from '../errors.js';
import { readFetchAttr } from '../fetch-items.js';
import type { Reader } from '../reader.js';
import { readMailbox } from './common.js';
import type { ImapCommand, NotifyEvent, NotifyFilter, NotifyGroup, ParseOptions } from './types.js';

const SIMPLE_EVENTS = new Set([
  'MessageExpunge',
  'FlagChange',
  'AnnotationChange',
  'MailboxName',
  'SubscriptionChange',
  'MailboxMetadataChange',
  'ServerMetadataChange',
]);
const EVENT_NAMES = new Map([...SIMPLE_EVENTS, 'MessageNew'].map((e) => [e.toUpperCase(), e]));

/** one-or-more-mailbox = mailbox / "(" mailbox *(SP mailbox) ")". */
function readMailboxes(r: Reader, opts: ParseOptions): string[] {
  if (r.peek() === 0x28) return r.list(() => readMailbox(r, opts), false, 'mailbox list');
  return [readMailbox(r, opts)];
}

function readFilter(r: Reader, opts: ParseOptions): NotifyFilter {
  const w = r.keyword('filter');
  switch (w) {
    case 'SELECTED':
    case 'SELECTED-DELAYED':
      return { kind: 'selected', delayed: w === 'SELECTED-DELAYED' };
    case 'INBOXES':
      return { kind: 'inboxes' };
    case 'PERSONAL':
      return { kind: 'personal' };
    case 'SUBSCRIBED':
      return { kind: 'subscribed' };
    case 'SUBTREE':
    case 'MAILBOXES':
      r.sp();
      return { kind: w === 'SUBTREE' ? 'subtree' : 'mailboxes', mailboxes: readMailboxes(r, opts) };
    default:
      fail(`Unknown NOTIFY filter "${w}"`);
  }
}

function readEvent(r: Reader): NotifyEvent {
  const raw = r.atom('event');
  const name = EVENT_NAMES.get(raw.toUpperCase());
  if (name === 'MessageNew') {
    let fetch = [] as ReturnType<typeof readFetchAttr>[];
    if (r.peek() === 0x20 && r.take(' (')) {
      fetch = [readFetchAttr(r)];
      while (!r.take(')')) {
        r.sp();
        fetch.push(readFetchAttr(r));
      }
    }
    return { kind: 'MessageNew', fetch };
  }
  if (name) return { kind: name } as NotifyEvent;
  return { kind: 'other', name: raw };
}

const MESSAGE_EVENTS = new Set(['MessageNew', 'MessageExpunge', 'FlagChange', 'AnnotationChange']);

/** RFC 5465 §5 rules a parser can check. */
function checkEvents(filter: NotifyFilter, events: NotifyEvent[]): void {
  const has = (k: string) => events.some((e) => e.kind === k);
  if (filter.kind === 'selected') {
    // RFC 5465 §5: MessageNew and MessageExpunge together, FlagChange only with both. The
    // pairing keeps the client's message numbers right, which only the selected mailbox
    // has; for other mailboxes every event is one STATUS, so any combination is taken
    // (as Dovecot does; imaptest's notify script asks for (MessageExpunge) alone).
    if (has('MessageNew') !== has('MessageExpunge'))
      fail('MessageNew and MessageExpunge must be given together');
    if ((has('FlagChange') || has('AnnotationChange')) && !has('MessageNew'))
      fail('FlagChange and AnnotationChange need MessageNew and MessageExpunge');
  }
  if (filter.kind === 'selected' && events.some((e) => !MESSAGE_EVENTS.has(e.kind)))
    fail('Only message events are allowed for the selected mailbox (RFC 5465 §6.1)');
  // RFC 5465 §5.2: fetch attributes describe FETCH responses for the selected mailbox only.
  if (filter.kind !== 'selected' && events.some((e) => e.kind === 'MessageNew' && e.fetch.length > 0))
    fail('MessageNew fetch attributes are only allowed for the selected mailbox');
}

function readGroup(r: Reader, opts: ParseOptions): NotifyGroup {
  r.expect('(');
  const filter = readFilter(r, opts);
  r.sp();
  let events: NotifyEvent[] | null = null;
  if (r.peekWord('NONE')) r.expect('NONE');
  else events = r.list(() => readEvent(r), false, 'events');
  r.expect(')');
  if (events) checkEvents(filter, events);
  return { filter, events };
}

/** notify = "NOTIFY" SP (notify-set / notify-none). Unknown events come back as
 *  { kind: 'other' } so the session can answer NO [BADEVENT (...)] (RFC 5465 §5). */
export function parseNotify(r: Reader, tag: string, opts: ParseOptions): ImapCommand {
  r.sp();
  const w = r.keyword('NOTIFY argument');
  if (w === 'NONE') return { tag, name: 'NOTIFY', status: false, groups: null };
  if (w !== 'SET') fail('Expected NOTIFY SET or NOTIFY NONE');
  r.sp();
  let status = false;
  if (r.peekWord('STATUS')) {
    r.expect('STATUS');
    status = true;
    r.sp();
  }
  const groups = [readGroup(r, opts)];
  while (r.maybeSp() && !r.atEnd()) groups.push(readGroup(r, opts));
  // RFC 5465 §6.1: at most one selected / selected-delayed filter.
  if (groups.filter((g) => g.filter.kind === 'selected').length > 1)
    fail('Only one selected filter is allowed');
  return { tag, name: 'NOTIFY', status, groups };
}
