// Sieve in the core: scripts per user (checked by src/sieve when stored) and the
// per-recipient filing decision at delivery. The interpreter is pure; this file runs
// its actions: fileinto (:create makes and subscribes a missing mailbox, never replaces
// one), flags, discard, redirect and replies through the outbound queue (store.queue),
// vacation with the store's reply log. Any failure of a script falls back to INBOX.
// editheader changes are seen by later tests but are not applied to the stored copy
// (that would need a new blob per recipient).
import type { Logger } from '../log/logger.js';
import {
  compile,
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
import { normalizeMailboxName } from './mailbox-name.js';
import type { MailboxService } from './mailboxes.js';
import type { MessageService } from './messages.js';
import { sieveMessageView } from './sieve-message.js';
import { buildReply } from './sieve-reply.js';
import { FilterRules } from './sieve-rules.js';

/** Environment item telling incoming delivery from the Sent copy (docs/sieve.md). */
export const DIRECTION_ITEM = 'vnd.postroom.direction';

export interface Placement {
  mailboxId: number;
  flags: string[];
}

export interface SieveEvaluation {
  placements: { mailbox: string; flags: string[]; create: boolean }[];
  actions: SieveAction[];
  error?: string;
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
    const raw = await this.messages.readBodyBuffer(
      { blobId: meta.id },
      0,
      Math.min(meta.size, 2 * 1024 * 1024),
    );
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
        ? [{ mailbox: 'INBOX', flags: a.flags, create: false }]
        : a.type === 'fileinto'
          ? [{ mailbox: a.mailbox, flags: a.flags, create: a.create }]
          : [],
    );
    return { placements, actions: result.actions, ...(result.error ? { error: result.error } : {}) };
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
    const out: Placement[] = [];
    for (const p of ev.placements) {
      const name = p.mailbox === 'INBOX' ? fallback : p.mailbox;
      try {
        out.push({ mailboxId: (await this.mailboxFor(userId, name, p.create)).id, flags: p.flags });
      } catch (e) {
        // RFC 5228 §4.1: filing into a missing mailbox is an error: keep in INBOX instead.
        this.opts.log?.warn({ subsystem: 'sieve', userId, mailbox: name, err: String(e) }, 'fileinto failed');
        out.push(...(await inbox()));
      }
    }
    await this.sideEffects(userId, address, meta, envelope, ev.actions, direction);
    return dedupe(out);
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
  ) {
    for (const a of actions) {
      try {
        if (a.type === 'redirect') {
          // RFC 5228 §4.2: the envelope sender stays the original one.
          await this.enqueue(meta.id, meta.size, envelope.mailFrom, [a.address], userId);
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
  }
}

function dedupe(list: Placement[]): Placement[] {
  const seen = new Set<number>();
  return list.filter((p) => !seen.has(p.mailboxId) && seen.add(p.mailboxId));
}
