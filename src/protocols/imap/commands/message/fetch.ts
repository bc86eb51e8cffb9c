// FETCH / UID FETCH (RFC 9051 §6.4.5, §6.4.9; RFC 7162 CHANGEDSINCE/VANISHED; RFC 9394
// PARTIAL; RFC 3516 BINARY). Records are paged from the store (never a whole mailbox in
// memory) and each response is written before the next page is read.

import type { MessageRecord, UidRange } from '../../../../store/types.js';
import type { CommandContext, CommandHandler } from '../../context.js';
import { announceNewKeywords } from '../../mailbox-flags.js';
import { fetchLine, isFastFetch } from '../../message/fetch-fast.js';
import { MetaCache, MissingPartError, messageItems } from '../../message/fetch-message.js';
import { OutBatch } from '../../message/out-batch.js';
import { pagedRecords, partialOf } from '../../message/paging.js';
import { setToRanges } from '../../message/search-translate.js';
import { toRanges } from '../../sequence.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import { type FetchAttr, fetchSetsSeen } from '../../wire/fetch-items.js';
import { fetchResponse } from '../../wire/fetch-response.js';
import { vanished } from '../../wire/search-responses.js';

const PAGE = 500;

function withImplicit(
  ctx: CommandContext,
  attrs: FetchAttr[],
  uid: boolean,
  changedSince: boolean,
): FetchAttr[] {
  const out = [...attrs];
  const has = (n: string) => out.some((a) => a.kind === 'simple' && a.name === n);
  // RFC 9051 §6.4.9: UID FETCH always returns UID; RFC 7162 §3.1.4.1: CHANGEDSINCE adds
  // MODSEQ, and both enable CONDSTORE (§3.1).
  if (uid && !has('UID')) out.unshift({ kind: 'simple', name: 'UID' });
  if (changedSince || has('MODSEQ')) ctx.enable('CONDSTORE');
  if (changedSince && !has('MODSEQ')) out.push({ kind: 'simple', name: 'MODSEQ' });
  return out;
}

export const fetchCommand: CommandHandler<'FETCH'> = {
  states: COMMAND_STATES.FETCH,
  capabilities: ['BINARY', 'CONDSTORE', 'QRESYNC', 'OBJECTID', 'SAVEDATE', 'PREVIEW', 'PARTIAL', 'UIDPLUS'],
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const user = ctx.requireUser();
    const set = ctx.resolve(cmd.set, cmd.uid);
    if (!set) return ctx.bad('Invalid message number');
    const { changedSince, vanished: wantVanished, partial } = cmd.modifiers;
    if (wantVanished && !ctx.enabled.has('QRESYNC')) return ctx.bad('VANISHED needs ENABLE QRESYNC');
    const attrs = withImplicit(ctx, cmd.items, cmd.uid, changedSince !== null);
    const setsSeen = !view.readOnly && attrs.some(fetchSetsSeen);
    const wantsFlags = attrs.some((a) => a.kind === 'simple' && a.name === 'FLAGS');

    let ranges: UidRange[] = set.uidRanges();
    if (partial) ranges = partialOf(ranges, partial);

    if (wantVanished && changedSince !== null) {
      // RFC 7162 §3.2.6: UIDs in the set expunged since the modseq, before the FETCHes.
      // The set as asked: expunged UIDs are no longer in the view (RFC 7162 §3.2.6).
      const asked = setToRanges(view, cmd.set, true);
      const inSet = (u: number) => asked.some((r) => u >= r.start && u <= r.end);
      const gone = (await ctx.core.messages.expungedSince(view.mailboxId, changedSince)).filter(inSet);
      for (const line of vanished(gone, true)) await ctx.send(line);
    }

    // RFC 3501 §7.2.6: keywords added since SELECT are announced before FLAGS shows them.
    if (wantsFlags || setsSeen) for (const r of await announceNewKeywords(ctx.core, view)) await ctx.send(r);

    const cache = new MetaCache(ctx.core.messages);
    // A \Seen set by this FETCH is reported with FLAGS (and MODSEQ under CONDSTORE,
    // RFC 7162 §3.1.4.1) even when not asked for.
    const withFlags: FetchAttr[] = [...attrs];
    if (!wantsFlags) withFlags.push({ kind: 'simple', name: 'FLAGS' });
    const wantsModseq = attrs.some((a) => a.kind === 'simple' && a.name === 'MODSEQ');
    if (!wantsModseq && (ctx.enabled.has('CONDSTORE') || ctx.enabled.has('QRESYNC')))
      withFlags.push({ kind: 'simple', name: 'MODSEQ' });
    const fast = isFastFetch(withFlags);
    const source =
      changedSince !== null
        ? pagedRecords(
            (r, n) => ctx.core.messages.changedSince(view.mailboxId, changedSince, r, n),
            ranges,
            PAGE,
          )
        : ctx.core.messages.pages(view.mailboxId, ranges, PAGE);
    try {
      for await (const page of source) {
        if (ctx.selected !== view) return ctx.no('Mailbox was closed', 'CLOSED');
        const seen = setsSeen ? await markSeen(ctx, user.id, page) : new Set<number>();
        // RFC 3501 §2.3.2: \Recent is per session, never stored; added here for FLAGS.
        if (view.recentMode !== 'none')
          for (const rec of page) rec.flags = view.withRecent(rec.uid, rec.flags);
        if (fast) {
          let text = '';
          for (const rec of page) {
            const seq = view.seq.uidToSeq(rec.uid);
            if (seq !== 0) text += fetchLine(seq, rec, seen.has(rec.uid) ? withFlags : attrs);
          }
          if (text) await ctx.send(Buffer.from(text, 'utf8'));
          continue;
        }
        // Responses are written in batches: one socket write per ~64 KB, not per message.
        const out = new OutBatch(ctx);
        for (const rec of page) {
          const seq = view.seq.uidToSeq(rec.uid);
          if (seq === 0) continue; // appended after this session's view, or already expunged
          let a = attrs;
          if (seen.has(rec.uid)) a = withFlags;
          const items = await messageItems(ctx.core.messages, cache, rec, a, ctx.encode);
          await out.add(fetchResponse(seq, items, ctx.encode));
        }
        await out.flush();
      }
    } catch (e) {
      if (e instanceof MissingPartError) return ctx.no(e.message);
      return ctx.fail(e);
    }
    return ctx.ok('FETCH completed');
  },
};

/** Sets \Seen on the page's unseen messages (non-PEEK body fetch, RFC 9051 §6.4.5);
 *  updates the records and returns the UIDs whose flags changed. */
async function markSeen(ctx: CommandContext, userId: number, page: MessageRecord[]): Promise<Set<number>> {
  const view = ctx.requireSelected();
  const unseen = page.filter((r) => !r.flags.includes('\\Seen')).map((r) => r.uid);
  if (unseen.length === 0) return new Set();
  const res = await ctx.core.messages.setFlags(userId, view.mailboxId, toRanges(unseen), 'add', ['\\Seen']);
  view.ownFlags(res.changed);
  const byUid = new Map(res.changed.map((c) => [c.uid, c]));
  for (const r of page) {
    const c = byUid.get(r.uid);
    if (c) {
      r.flags = c.flags;
      r.modseq = c.modseq;
    }
  }
  return new Set(byUid.keys());
}
