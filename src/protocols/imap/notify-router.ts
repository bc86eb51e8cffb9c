// RFC 5465 NOTIFY for mailboxes other than the selected one: changes of the feed become
// STATUS (MessageNew, MessageExpunge, FlagChange) and LIST (MailboxName,
// SubscriptionChange) responses, pushed without the client polling. Which mailboxes a
// change concerns is decided by the groups' filters (PERSONAL, INBOXES, SUBSCRIBED,
// SUBTREE, MAILBOXES). Mailbox ids are collected synchronously; the STATUS data is read
// when the session pushes (drain), so a burst of deliveries costs one STATUS.

import type { MailCore } from '../../core/index.js';
import type { Mailbox, MailChange } from '../../store/types.js';
import type { AuthedUser } from './context.js';
import type { NotifyGroupSpec, NotifySpec } from './notify.js';
import type { EncodeOptions, ResponsePart } from './wire/encode.js';
import { listResponse, statusResponse } from './wire/mailbox-responses.js';

const MESSAGE_EVENTS = ['MessageNew', 'MessageExpunge', 'FlagChange'] as const;

type Pending =
  | { kind: 'status'; mailboxId: number }
  | { kind: 'list'; name: string; attrs: string[]; oldName?: string };

export class NotifyRouter {
  private pending: Pending[] = [];
  private subscribed: Set<string> | null = null;
  /** Mailbox id -> name, loaded by prepare() and kept current from mailbox changes. */
  private readonly names = new Map<number, string>();

  constructor(
    readonly spec: NotifySpec,
    private readonly core: MailCore,
    private readonly user: () => AuthedUser | null,
    private readonly encode: () => EncodeOptions,
  ) {}

  /** True when the selected mailbox's changes are pushed at once (SELECTED, not -DELAYED). */
  get pushSelected(): boolean {
    return this.spec.selected !== null && this.spec.selected.events.length > 0;
  }

  /** Notes a change; returns true when something was queued. */
  note(c: MailChange, selectedId: number | null): boolean {
    if (c.type === 'account') return false;
    if (c.type === 'mailbox') {
      if (c.action === 'delete') this.names.delete(c.mailboxId);
      else if (c.action === 'create' || c.action === 'rename') this.names.set(c.mailboxId, c.name);
      if (c.action === 'subscribe' || c.action === 'unsubscribe') {
        if (c.action === 'subscribe') this.subscribed?.add(c.name);
        else this.subscribed?.delete(c.name);
        if (!this.wants(c.name, 'SubscriptionChange')) return false;
        this.pending.push({
          kind: 'list',
          name: c.name,
          attrs: c.action === 'subscribe' ? ['\\Subscribed'] : [],
        });
        return true;
      }
      if (!this.wants(c.name, 'MailboxName')) return false;
      this.pending.push({
        kind: 'list',
        name: c.name,
        attrs: c.action === 'delete' ? ['\\NonExistent'] : [],
      });
      return true;
    }
    if (c.mailboxId === selectedId) return false;
    const name = this.names.get(c.mailboxId);
    if (name === undefined) return false;
    const event = c.type === 'append' ? 'MessageNew' : c.type === 'expunge' ? 'MessageExpunge' : 'FlagChange';
    if (!this.wants(name, event)) return false;
    if (!this.pending.some((p) => p.kind === 'status' && p.mailboxId === c.mailboxId))
      this.pending.push({ kind: 'status', mailboxId: c.mailboxId });
    return true;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The responses for what was noted, read now. */
  async drain(): Promise<ResponsePart[][]> {
    const items = this.pending;
    this.pending = [];
    const out: ResponsePart[][] = [];
    for (const p of items) {
      if (p.kind === 'list') {
        out.push(
          listResponse({ command: 'LIST', attributes: p.attrs, delimiter: '/', name: p.name }, this.encode()),
        );
        continue;
      }
      const box = await this.core.mailboxes.getById(p.mailboxId);
      if (box) out.push(notifyStatus(box, this.encode()));
    }
    return out;
  }

  /** RFC 5465 §3.1 NOTIFY SET STATUS: the initial STATUS of every mailbox other than the
   *  selected one that is watched for MessageNew, MessageExpunge or FlagChange. */
  async initialStatus(boxes: readonly Mailbox[], selectedId: number | null): Promise<ResponsePart[][]> {
    const out: ResponsePart[][] = [];
    for (const b of boxes) {
      if (b.id === selectedId) continue;
      if (MESSAGE_EVENTS.some((e) => this.wants(b.name, e))) out.push(notifyStatus(b, this.encode()));
    }
    return out;
  }

  /** Loads the subscription list for SUBSCRIBED filters. */
  async prepare(boxes: readonly Mailbox[]): Promise<void> {
    for (const b of boxes) this.names.set(b.id, b.name);
    const u = this.user();
    if (!u || !this.spec.others.some((g) => g.filter.kind === 'subscribed')) return;
    this.subscribed = new Set(await this.core.mailboxes.listSubscriptions(u.id));
  }

  private wants(name: string, event: string): boolean {
    const g = this.groupFor(name);
    return g?.events.includes(event as never) ?? false;
  }

  /** The first group whose filter names the mailbox (RFC 5465 §6: first match wins). */
  private groupFor(name: string): NotifyGroupSpec | null {
    for (const g of this.spec.others) {
      const f = g.filter;
      switch (f.kind) {
        case 'personal':
          return g;
        case 'inboxes':
          if (name === 'INBOX') return g;
          break;
        case 'subscribed':
          if (this.subscribed?.has(name)) return g;
          break;
        case 'mailboxes':
          if (f.mailboxes.includes(name)) return g;
          break;
        case 'subtree':
          if (f.mailboxes.some((m) => name === m || name.startsWith(`${m}/`))) return g;
          break;
        case 'selected':
          break;
      }
    }
    return null;
  }
}

function notifyStatus(b: Mailbox, encode: EncodeOptions): ResponsePart[] {
  return statusResponse(
    b.name,
    [
      ['MESSAGES', b.messages],
      ['UIDNEXT', b.uidNext],
      ['UIDVALIDITY', b.uidValidity],
      ['UNSEEN', b.unseen],
      ['HIGHESTMODSEQ', Math.max(1, b.highestModseq)],
    ],
    encode,
  );
}
