// COPY and MOVE (RFC 9051 §6.4.7, §6.4.8; RFC 6851; RFC 4315 COPYUID). MOVE is atomic in
// the core; its expunges are reported before the tagged OK (RFC 6851 §3.3), after an
// untagged OK [COPYUID] (§4.3).

import type { CommandContext, CommandOf, CommandResult } from '../context.js';
import { copyUidCode, untaggedStatus } from '../wire/responses.js';
import { reportExpunged } from './expunged.js';

export async function copyOrMove(
  ctx: CommandContext,
  cmd: CommandOf<'COPY'>,
  move: boolean,
): Promise<CommandResult> {
  const view = ctx.requireSelected();
  const user = ctx.requireUser();
  if (move && view.readOnly) return ctx.no('Mailbox is read-only', 'READ-ONLY');
  const set = ctx.resolve(cmd.set, cmd.uid);
  if (!set) return ctx.bad('Invalid message number');
  const verb = move ? 'MOVE' : 'COPY';
  try {
    const dest = await ctx.core.mailboxes.require(user.id, cmd.mailbox);
    const ranges = set.uidRanges();
    if (ranges.length === 0) return ctx.ok(`${verb} completed (no messages)`);
    const r = move
      ? await ctx.core.messages.move(user.id, view.mailboxId, ranges, dest.id)
      : await ctx.core.messages.copy(user.id, view.mailboxId, ranges, dest.id);
    // RFC 5465 §5.2: no NOTIFY MessageNew FETCH for what this client added itself.
    if (dest.id === view.mailboxId) view.ownAppended(r.dstUids);
    const code = r.srcUids.length > 0 ? copyUidCode(r.uidValidity, r.srcUids, r.dstUids) : undefined;
    if (!move) return ctx.ok(`${verb} completed`, code);
    if (code) await ctx.send(untaggedStatus('OK', 'Moved', code));
    await reportExpunged(ctx, view, r.srcUids, r.modseq);
    return ctx.ok(`${verb} completed`);
  } catch (e) {
    return ctx.fail(e, { notFoundIsTryCreate: true });
  }
}
