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

function readGroup(r: Reader, opts: ParseOptions): NotifyGroup {
  r.expect('(');
  const filter = readFilter(r, opts);
  r.sp();
  let events: NotifyEvent[] | null = null;
  if (r.peekWord('NONE')) r.expect('NONE');
  else events = r.list(() => readEvent(r), false, 'events');
  r.expect(')');
  if (events) {
    const has = (k: string) => events!.some((e) => e.kind === k);
    // RFC 5465 §5: MessageNew and MessageExpunge go together; FlagChange and
    // AnnotationChange need both.
    if (has('MessageNew') !== has('MessageExpunge'))
      fail('MessageNew and MessageExpunge must be given together');
    if ((has('FlagChange') || has('AnnotationChange')) && !has('MessageNew'))
      fail('FlagChange needs MessageNew and MessageExpunge');
    if (
      filter.kind === 'selected' &&
      events.some(
        (e) => !e.kind.startsWith('Message') && e.kind !== 'FlagChange' && e.kind !== 'AnnotationChange',
      )
    )
      fail('Only message events are allowed for the selected mailbox');
  }
  return { filter, events };
}

/** notify = "NOTIFY" SP (notify-set / notify-none). */
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
  return { tag, name: 'NOTIFY', status, groups };
}
