// Sieve in the core: scripts per user (checked by src/sieve when stored) and the
// per-recipient filing decision at delivery. The interpreter is pure; this file runs
// its actions: fileinto (:create makes and subscribes a missing mailbox, never replaces
// one), flags, discard, redirect and replies through the outbound queue (store.queue),
// vacation with the store's reply log. Any failure of a script falls back to INBOX.
// editheader changes reach the stored copy and redirects: the edited header block plus
// the original body are ingested as a new blob (sieve-edit.ts), once per distinct edit.
import type { Logger } from '../log/logger.js';
import {
  compile,
  type EditedHeader,
  runScript,
  type SieveAction,
  type SieveScript,
  SieveSyntaxError,
  vacationRefusal,
  vacationSubject,
} from '../sieve/index.js';
import type { SieveScriptRecord, SieveStore } from '../store/sieve.js';
import type { BlobMeta, Store, UserId } from '../store/types.js';
import { isMailError, MailError } from './errors.js';
import type { Ingested } from './ingest.js';
import { normalizeMailboxName } from './mailbox-name.js';
import type { MailboxService } from './mailboxes.js';
import type { MessageService } from './messages.js';
import { rewriteHeader } from './sieve-edit.js';
import { headerEnd, sieveMessageView } from './sieve-message.js';
import { buildReply } from './sieve-reply.js';
import { FilterRules } from './sieve-rules.js';

/** Environment item telling incoming delivery from the Sent copy (docs/sieve.md). */
export const DIRECTION_ITEM = 'vnd.postroom.direction';

export interface Placement {
  mailboxId: number;
  flags: string[];
  /** The message with editheader changes, when the script made any; else the original. */
  body?: Ingested;
}

export interface SieveEvaluation {
  placements: { mailbox: string; flags: string[]; create: boolean; header?: EditedHeader }[];
  actions: SieveAction[];
  error?: string;
  /** The header block the script saw (bytes up to the blank line), for editheader. */
  headerBlock?: Buffer;
}

const NAME_RE = /^[^\u0000-\u001f\u007f/]{1,128}$/;

/** Compiled scripts kept per service (keyed by their text), so delivery does not re-parse. */
const COMPILED_CACHE_SIZE = 256;

export class SieveService {
  constructor(
    private readonly store: Store,
    private readonly mailboxes: MailboxService,
    private readonly messages: MessageService,
    private readonly opts: { hostname?: string; clock?: () => Date; log?: Logger } = {},
  ) {}

  private readonly compiled = new Map<string, SieveScript>();

  /** The rule model over the user's "rules" script (CLI `postroom filter`, webmail). */
  readonly rules = new FilterRules(this);

  private readonly queuedListeners = new Set<() => void>();

  /**
   * Calls `listener` each time a script queued mail (redirect, vacation, reject notice),
   * so the outbound runner sends it now rather than at its next poll. Returns unsubscribe.
   */
  onQueued(listener: () => void): () => void {
    this.queuedListeners.add(listener);
    return () => this.queuedListeners.delete(listener);
  }

  /** compile() with a small LRU cache; throws SieveSyntaxError like compile(). */
  private compileCached(content: string): SieveScript {
    const hit = this.compiled.get(content);
    if (hit) {
      this.compiled.delete(content);
      this.compiled.set(content, hit);
      return hit;
    }
    const s = compile(content);
    this.compiled.set(content, s);
    if (this.compiled.size > COMPILED_CACHE_SIZE) this.compiled.delete(this.compiled.keys().next().value!);
    return s;
  }

  private get scripts(): SieveStore {
    if (!this.store.sieve) throw new MailError('Unavailable', 'this store keeps no Sieve scripts');
    return this.store.sieve;
  }
  get available(): boolean {
    return this.store.sieve !== undefined;
  }
  private now() {
    return this.opts.clock?.() ?? new Date();
  }

  /** Checks a script; throws MailError Invalid with "line L, column C: text". */
  check(content: string): SieveScript {
    try {
      return compile(content);
    } catch (e) {
      if (e instanceof SieveSyntaxError) throw new MailError('Invalid', e.message);
      throw e;
    }
  }

  checkName(name: string): void {
    if (!NAME_RE.test(name)) throw new MailError('Invalid', 'bad script name');
  }

  list(userId: UserId): Promise<SieveScriptRecord[]> {
    return this.scripts.listScripts(userId);
  }
  get(userId: UserId, name: string): Promise<SieveScriptRecord | null> {
    return this.scripts.getScript(userId, name);
  }
  async put(userId: UserId, name: string, content: string): Promise<void> {
    this.checkName(name);
    this.check(content);
    await this.scripts.putScript(userId, name, content, this.now());
  }
  activate(userId: UserId, name: string | null): Promise<void> {
    return this.scripts.setActive(userId, name);
  }
  delete(userId: UserId, name: string): Promise<void> {
    return this.scripts.deleteScript(userId, name);
  }
  rename(userId: UserId, from: string, to: string): Promise<void> {
    this.checkName(to);
    return this.scripts.renameScript(userId, from, to);
  }

  /** Runs the user's active script; null when there is none. Never throws for script faults. */
  async evaluate(
    userId: UserId,
    meta: BlobMeta,
    envelope: { mailFrom: string; rcptTo: string },
    direction: 'incoming' | 'outgoing',
  ): Promise<SieveEvaluation | null> {
    if (!this.store.sieve) return null;
    const active = await this.store.sieve.activeScript(userId);
    if (!active) return null;
    let script: SieveScript;
    try {
      script = this.compileCached(active.content);
    } catch (e) {
      return { placements: [{ mailbox: 'INBOX', flags: [], create: false }], actions: [], error: String(e) };
    }
    const raw = await this.messages.readBodyBuffer({ blobId: meta.id }, 0, Math.min(meta.size, MAX_VIEW));
    const known = new Set((await this.mailboxes.list(userId)).map((m) => m.name.toLowerCase()));
    const includes = new Map<string, SieveScript | null>();
    const scripts = script.capabilities.has('include') ? await this.store.sieve.listScripts(userId) : [];
    for (const s of scripts) {
      try {
        includes.set(s.name, this.compileCached(s.content));
      } catch {
        includes.set(s.name, null);
      }
    }
    const result = runScript(script, {
      message: sieveMessageView(meta, raw),
      envelope: { from: envelope.mailFrom, to: envelope.rcptTo },
      now: this.now(),
      environment: {
        domain: this.opts.hostname ?? 'localhost',
        host: this.opts.hostname ?? 'localhost',
        location: direction === 'incoming' ? 'MDA' : 'MSA',
        phase: 'during',
        name: 'Postroom',
        [DIRECTION_ITEM]: direction,
      },
      mailboxExists: (name) => known.has(name.toLowerCase()),
      // RFC 6609 §3.2: global scripts are not offered.
      loadInclude: (name, location) => (location === 'personal' ? (includes.get(name) ?? null) : null),
    });
    if (result.error)
      this.opts.log?.warn({ subsystem: 'sieve', userId, error: result.error }, 'sieve script failed');
    const placements = result.actions.flatMap((a) =>
      a.type === 'keep'
        ? [{ mailbox: 'INBOX', flags: a.flags, create: false, ...(a.header ? { header: a.header } : {}) }]
        : a.type === 'fileinto'
          ? [
              {
                mailbox: a.mailbox,
                flags: a.flags,
                create: a.create,
                ...(a.header ? { header: a.header } : {}),
              },
            ]
          : [],
    );
    const end = headerEnd(raw);
    // A header block that does not end within what was read cannot be rewritten.
    const whole = end < raw.length || raw.length === meta.size;
    return {
      placements,
      actions: result.actions,
      ...(result.error ? { error: result.error } : {}),
      ...(whole ? { headerBlock: raw.subarray(0, end) } : {}),
    };
  }

  /**
   * The delivery step: where this user's copy goes (empty = discarded), after running
   * redirect / reject / vacation. Falls back to INBOX when anything goes wrong.
   */
  async place(
    userId: UserId,
    address: string,
    meta: BlobMeta,
    envelope: { mailFrom: string; rcptTo: string },
    direction: 'incoming' | 'outgoing' = 'incoming',
    fallback = 'INBOX',
  ): Promise<Placement[]> {
    const inbox = async () => [{ mailboxId: (await this.mailboxes.require(userId, fallback)).id, flags: [] }];
    let ev: SieveEvaluation | null;
    try {
      ev = await this.evaluate(userId, meta, envelope, direction);
    } catch (e) {
      this.opts.log?.warn({ subsystem: 'sieve', userId, err: String(e) }, 'sieve evaluation failed');
      return inbox();
    }
    if (!ev) return inbox();
    const edited = this.editedBodies(userId, meta, ev.headerBlock);
    const out: Placement[] = [];
    for (const p of ev.placements) {
      const name = p.mailbox === 'INBOX' ? fallback : p.mailbox;
      try {
        const body = p.header ? await edited(p.header) : undefined;
        out.push({
          mailboxId: (await this.mailboxFor(userId, name, p.create)).id,
          flags: p.flags,
          ...(body ? { body } : {}),
        });
      } catch (e) {
        // RFC 5228 §4.1: filing into a missing mailbox is an error: keep in INBOX instead.
        this.opts.log?.warn({ subsystem: 'sieve', userId, mailbox: name, err: String(e) }, 'fileinto failed');
        out.push(...(await inbox()));
      }
    }
    await this.sideEffects(userId, address, meta, envelope, ev.actions, direction, edited);
    return dedupe(out);
  }

  /**
   * The message with an edited header, ingested once per distinct edit (RFC 5293); null
   * when it cannot be made (header block too large to have been read), and the
   * original is stored instead.
   */
  private editedBodies(userId: UserId, meta: BlobMeta, block: Buffer | undefined) {
    const made = new Map<string, Promise<Ingested | undefined>>();
    return (header: EditedHeader): Promise<Ingested | undefined> => {
      if (!block) {
        this.opts.log?.warn({ subsystem: 'sieve', userId }, 'header too large to edit; stored unchanged');
        return Promise.resolve(undefined);
      }
      const key = JSON.stringify(header);
      let p = made.get(key);
      if (!p) {
        const head = rewriteHeader(block, header);
        const rest =
          block.length < meta.size ? this.messages.readBody({ blobId: meta.id }, block.length) : null;
        p = this.messages.ingest(rest ? prepend(head, rest) : [head]);
        made.set(key, p);
      }
      return p;
    };
  }

  private async mailboxFor(userId: UserId, name: string, create: boolean) {
    const existing = await this.mailboxes.get(userId, name);
    if (existing) return existing;
    if (!create) throw new MailError('NotFound', `no mailbox ${name}`);
    try {
      return await this.mailboxes.create(userId, normalizeMailboxName(name), null, true);
    } catch (e) {
      // Created meanwhile by someone else: use it, never replace it.
      if (isMailError(e, 'AlreadyExists')) return this.mailboxes.require(userId, name);
      throw e;
    }
  }

  private async sideEffects(
    userId: UserId,
    address: string,
    meta: BlobMeta,
    envelope: { mailFrom: string; rcptTo: string },
    actions: SieveAction[],
    direction: 'incoming' | 'outgoing',
    edited: (header: EditedHeader) => Promise<Ingested | undefined>,
  ) {
    for (const a of actions) {
      try {
        if (a.type === 'redirect') {
          const body = a.header ? await edited(a.header) : undefined;
          // RFC 5228 §4.2: the envelope sender stays the original one.
          await this.enqueue(
            body?.blobId ?? meta.id,
            body?.size ?? meta.size,
            envelope.mailFrom,
            [a.address],
            userId,
          );
        } else if (a.type === 'reject' && direction === 'incoming' && envelope.mailFrom) {
          const raw = buildReply({
            from: `MAILER-DAEMON@${address.split('@')[1] ?? 'localhost'}`,
            to: envelope.mailFrom,
            subject: `Rejected: ${meta.subject}`,
            text: `Your message to ${address} was rejected by the recipient's filter:\n\n${a.reason}\n`,
            inReplyTo: meta.messageId,
            references: meta.references,
            now: this.now(),
          });
          await this.send(raw, '', [envelope.mailFrom], null);
        } else if (a.type === 'vacation' && direction === 'incoming') {
          await this.vacation(userId, address, meta, envelope, a);
        }
      } catch (e) {
        this.opts.log?.warn(
          { subsystem: 'sieve', userId, action: a.type, err: String(e) },
          'sieve action failed',
        );
      }
    }
  }

  private async vacation(
    userId: UserId,
    address: string,
    meta: BlobMeta,
    envelope: { mailFrom: string },
    a: Extract<SieveAction, { type: 'vacation' }>,
  ) {
    const raw = await this.messages.readBodyBuffer({ blobId: meta.id }, 0, Math.min(meta.size, 256 * 1024));
    const view = sieveMessageView(meta, raw);
    const refusal = vacationRefusal({
      envelopeFrom: envelope.mailFrom,
      header: (n) => view.header(n),
      ownAddresses: [address, ...a.addresses],
    });
    if (refusal) {
      this.opts.log?.debug({ subsystem: 'sieve', userId, refusal }, 'no vacation reply');
      return;
    }
    const sender = envelope.mailFrom.toLowerCase();
    const ok = await this.scripts.recordVacationReply(userId, sender, a.handle, this.now(), a.period);
    if (!ok) return;
    const raw2 = buildReply({
      from: a.from ?? address,
      to: envelope.mailFrom,
      subject: a.subject ?? vacationSubject(meta.subject),
      text: a.reason,
      inReplyTo: meta.messageId,
      references: meta.references,
      now: this.now(),
      mime: a.mime,
    });
    // RFC 5230 §5.1: the reply goes from the null sender so it cannot loop.
    await this.send(raw2, '', [envelope.mailFrom], userId);
  }

  private async send(raw: Buffer, mailFrom: string, rcptTo: string[], userId: UserId | null) {
    const ingested = await this.messages.ingest([raw]);
    await this.enqueue(ingested.blobId, ingested.size, mailFrom, rcptTo, userId);
  }

  private async enqueue(
    blobId: string,
    size: number,
    mailFrom: string,
    rcptTo: string[],
    userId: UserId | null,
  ) {
    if (!this.store.queue) {
      this.opts.log?.warn({ subsystem: 'sieve', rcptTo }, 'no outbound queue: message not sent');
      return;
    }
    await this.store.queue.enqueue({
      blobId,
      mailFrom,
      size,
      eightBit: true,
      userId,
      recipients: rcptTo,
      now: this.now(),
    });
    for (const listener of this.queuedListeners) listener();
  }
}

/** What a script sees of a message: its first bytes (the header and some body). */
const MAX_VIEW = 2 * 1024 * 1024;

async function* prepend(head: Buffer, rest: AsyncIterable<unknown> | NodeJS.ReadableStream) {
  yield head;
  for await (const chunk of rest as AsyncIterable<Buffer>) yield chunk;
}

function dedupe(list: Placement[]): Placement[] {
  const seen = new Set<number>();
  return list.filter((p) => !seen.has(p.mailboxId) && seen.add(p.mailboxId));
}
