// SELECT and EXAMINE (RFC 9051 §6.3.2, §6.3.3) with CONDSTORE and QRESYNC (RFC 7162
// §3.1.8, §3.2.5): FLAGS, EXISTS, UIDVALIDITY, UIDNEXT, PERMANENTFLAGS, HIGHESTMODSEQ
// (>= 1 always, CLIENT-QUIRKS §4), UNSEEN and RECENT for IMAP4rev1 clients, the LIST
// response for IMAP4rev2 ones, MAILBOXID (RFC 8474) and, for QRESYNC, VANISHED (EARLIER)
// and FETCH of what changed since the client's modseq.

import type { UidRange } from '../../../store/types.js';
import type { CommandContext, CommandHandler, CommandOf, CommandResult } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { fetchResponse } from '../wire/fetch-response.js';
import { listResponse } from '../wire/mailbox-responses.js';
import { untaggedStatus } from '../wire/responses.js';
import { vanished } from '../wire/search-responses.js';
import { resolveRanges, type SequenceSet } from '../wire/sequence-set.js';
import { mailboxObjectId } from './shared/status-items.js';

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

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
  const fresh = (await ctx.core.mailboxes.getById(box.id)) ?? box;
  const rev2 = ctx.enabled.has('IMAP4rev2');
  const caps = ctx.session.capabilities();

  const keywords = await ctx.core.messages.keywords(box.id);
  const flags = [...SYSTEM_FLAGS, ...keywords.filter((k) => !k.startsWith('\\'))];
  await ctx.untagged(`FLAGS (${flags.join(' ')})`);
  const permanent = readOnly ? '()' : `(${[...flags, '\\*'].join(' ')})`;
  await ctx.send(
    untaggedStatus('OK', readOnly ? 'No permanent flags' : 'Flags allowed', `PERMANENTFLAGS ${permanent}`),
  );
  await ctx.untagged(`${view.seq.size} EXISTS`);
  if (!rev2) {
    await ctx.untagged('0 RECENT');
    if (fresh.unseen > 0) {
      const unseen = await ctx.core.messages.search(box.id, { k: 'flag', flag: '\\Seen', set: false });
      const first = unseen.map((u) => view.seq.uidToSeq(u)).find((s) => s > 0);
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
  for (;;) {
    const page = await ctx.core.messages.changedSince(view.mailboxId, since, ranges, 500);
    for (const m of page) {
      const seq = view.seq.uidToSeq(m.uid);
      if (seq === 0) continue;
      await ctx.send(
        fetchResponse(
          seq,
          [
            { name: 'UID', value: { t: 'number', n: m.uid } },
            { name: 'FLAGS', value: { t: 'flags', flags: m.flags } },
            { name: 'MODSEQ', value: { t: 'modseq', n: m.modseq } },
          ],
          ctx.encode,
        ),
      );
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
