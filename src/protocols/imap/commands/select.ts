// SELECT and EXAMINE (RFC 9051 §6.3.2, §6.3.3) with CONDSTORE and QRESYNC (RFC 7162
// §3.1.8, §3.2.5): FLAGS, EXISTS, UIDVALIDITY, UIDNEXT, PERMANENTFLAGS, HIGHESTMODSEQ
// (>= 1 always, CLIENT-QUIRKS §4), UNSEEN and RECENT for IMAP4rev1 clients, the LIST
// response for IMAP4rev2 ones, MAILBOXID (RFC 8474) and, for QRESYNC, VANISHED (EARLIER)
// and FETCH of what changed since the client's modseq.

import type { UidRange } from '../../../store/types.js';
import type { CommandContext, CommandHandler, CommandOf, CommandResult } from '../context.js';
import { flagsResponses } from '../mailbox-flags.js';
import type { MailboxView } from '../mailbox-view.js';
import { messageData } from '../uidonly.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { listResponse } from '../wire/mailbox-responses.js';
import { untaggedStatus } from '../wire/responses.js';
import { vanished } from '../wire/search-responses.js';
import { resolveRanges, type SequenceSet } from '../wire/sequence-set.js';
import { mailboxObjectId } from './shared/status-items.js';

async function select(ctx: CommandContext, cmd: CommandOf<'SELECT'>): Promise<CommandResult> {
  const user = ctx.requireUser();
  const readOnly = cmd.name === 'EXAMINE';
  if (ctx.session.countSelect()) {
    ctx.session.logout();
    await ctx.untagged('BYE Too many SELECT/EXAMINE commands in one session');
    return ctx.no('Too many SELECT/EXAMINE commands', 'LIMIT');
  }
  if (cmd.qresync && !ctx.enabled.has('QRESYNC'))
    return ctx.bad('QRESYNC parameter without ENABLE QRESYNC', 'CLIENTBUG');
  // RFC 7162 §3.2.11 / RFC 9051 §7.1: leaving a selected mailbox is announced as CLOSED.
  const hadSelected = ctx.selected !== null;
  ctx.session.deselect();
  if (hadSelected && (ctx.enabled.has('QRESYNC') || ctx.enabled.has('IMAP4rev2')))
    await ctx.send(untaggedStatus('OK', 'Previous mailbox is now closed', 'CLOSED'));
  if (cmd.condstore) ctx.enable('CONDSTORE');

  const box = await ctx.core.mailboxes.get(user.id, cmd.mailbox);
  if (!box) return ctx.no('No such mailbox', 'NONEXISTENT');
  const view = await ctx.session.openView(box, readOnly);
  // RFC 3501 §2.3.2: this session is the first to see the messages not yet claimed.
  await view.claimRecent(ctx.core, view.seq.maxUid);
  const fresh = (await ctx.core.mailboxes.getById(box.id)) ?? box;
  const rev2 = ctx.enabled.has('IMAP4rev2');
  const caps = ctx.session.capabilities();

  for (const k of await ctx.core.messages.keywords(box.id)) view.keywords.add(k);
  for (const r of flagsResponses(view.keywords, readOnly)) await ctx.send(r);
  await ctx.untagged(`${view.seq.size} EXISTS`);
  if (!rev2) {
    await ctx.untagged(`${view.recentCount} RECENT`);
    // UNSEEN is a message number: not sent under UIDONLY (RFC 9586 §3).
    if (fresh.unseen > 0 && !ctx.enabled.has('UIDONLY')) {
      const first = await firstUnseen(ctx, view);
      if (first) await ctx.send(untaggedStatus('OK', 'First unseen', `UNSEEN ${first}`));
    }
  }
  await ctx.send(untaggedStatus('OK', 'UIDs valid', `UIDVALIDITY ${view.uidValidity}`));
  await ctx.send(untaggedStatus('OK', 'Predicted next UID', `UIDNEXT ${fresh.uidNext}`));
  view.highestModseq = Math.max(view.highestModseq, fresh.highestModseq, 1);
  await ctx.send(untaggedStatus('OK', 'Highest', `HIGHESTMODSEQ ${view.highestModseq}`));
  if (caps.includes('OBJECTID'))
    await ctx.send(untaggedStatus('OK', 'Ok', `MAILBOXID (${mailboxObjectId(box)})`));
  // RFC 4467 §8.1: the URLAUTH mechanisms this mailbox's URLs can be signed with.
  if (caps.includes('URLAUTH')) await ctx.send(untaggedStatus('OK', 'Ok', 'URLMECH INTERNAL'));
  if (rev2)
    await ctx.send(
      listResponse({ command: 'LIST', attributes: [], delimiter: '/', name: box.name }, ctx.encode),
    );
  if (cmd.qresync && cmd.qresync.uidValidity === view.uidValidity) await resync(ctx, view, cmd.qresync);
  ctx.session.select(view);
  return ctx.ok(`${cmd.name} completed`, readOnly ? 'READ-ONLY' : 'READ-WRITE');
}

const UNSEEN = { k: 'flag', flag: '\\Seen', set: false } as const;

/** Sequence number of the first unseen message in the view (0: none). The store's lowest
 *  unseen UID is enough unless it arrived after the view was loaded (then search all). */
async function firstUnseen(ctx: CommandContext, view: MailboxView): Promise<number> {
  const uid = await ctx.core.messages.firstUid(view.mailboxId, UNSEEN);
  if (uid === null) return 0;
  const seq = view.seq.uidToSeq(uid);
  if (seq > 0) return seq;
  const unseen = await ctx.core.messages.search(view.mailboxId, UNSEEN);
  return unseen.map((u) => view.seq.uidToSeq(u)).find((s) => s > 0) ?? 0;
}

const ALL: UidRange[] = [{ start: 1, end: Number.POSITIVE_INFINITY }];

function uidRanges(set: SequenceSet | null, maxUid: number): UidRange[] {
  if (set?.kind !== 'set') return ALL;
  return resolveRanges(set.ranges, maxUid).map(([start, end]) => ({ start, end }));
}

function inRanges(uid: number, ranges: readonly UidRange[]): boolean {
  return ranges.some((r) => uid >= r.start && uid <= r.end);
}

/** RFC 7162 §3.2.5.2: what the client missed since its modseq (0 means everything). The
 *  store keeps every expunged UID with its modseq, so the seq-match data is not needed. */
async function resync(
  ctx: CommandContext,
  view: MailboxView,
  q: NonNullable<CommandOf<'SELECT'>['qresync']>,
): Promise<void> {
  const known = uidRanges(q.knownUids, Math.max(view.seq.maxUid, 1));
  const gone = (await ctx.core.messages.expungedSince(view.mailboxId, q.modseq)).filter((u) =>
    inRanges(u, known),
  );
  for (const line of vanished(gone, true)) await ctx.send(line);
  let since = q.modseq;
  let ranges = known;
  const uidOnly = ctx.enabled.has('UIDONLY');
  for (;;) {
    const page = await ctx.core.messages.changedSince(view.mailboxId, since, ranges, 500);
    for (const m of page) {
      const seq = view.seq.uidToSeq(m.uid);
      if (seq === 0) continue;
      const items = [
        { name: 'FLAGS', value: { t: 'flags', flags: view.withRecent(m.uid, m.flags) } },
        { name: 'MODSEQ', value: { t: 'modseq', n: m.modseq } },
      ] as const;
      // Under UIDONLY the UIDFETCH number is the UID (RFC 9586 §3).
      const all = uidOnly ? items : [{ name: 'UID', value: { t: 'number', n: m.uid } } as const, ...items];
      await ctx.send(messageData(uidOnly, seq, m.uid, all, ctx.encode));
    }
    if (page.length < 500) break;
    const after = page[page.length - 1]!.uid + 1;
    ranges = ranges
      .filter((r) => r.end >= after)
      .map((r) => ({ start: Math.max(r.start, after), end: r.end }));
    since = q.modseq;
  }
}

export const selectCommand: CommandHandler<'SELECT'> = {
  states: COMMAND_STATES.SELECT,
  handle: select,
};

export const examineCommand: CommandHandler<'EXAMINE'> = {
  states: COMMAND_STATES.EXAMINE,
  handle: select,
};
