// STORE / UID STORE (RFC 9051 §6.4.6; RFC 7162 §3.1.3 UNCHANGEDSINCE and [MODIFIED]).
// \Recent cannot be set by a client: it is dropped from the list (RFC 3501 §2.3.2).

import type { FlagOp } from '../../../../store/types.js';
import type { CommandHandler } from '../../context.js';
import { announceNewKeywords } from '../../mailbox-flags.js';
import { COMMAND_STATES } from '../../wire/commands/states.js';
import type { StoreOp } from '../../wire/commands/types.js';
import { type FetchItem, fetchResponse } from '../../wire/fetch-response.js';
import { compressInOrder } from '../../wire/responses.js';

const OPS: Record<StoreOp, FlagOp> = { set: 'replace', add: 'add', remove: 'remove' };

export const storeCommand: CommandHandler<'STORE'> = {
  states: COMMAND_STATES.STORE,
  async handle(ctx, cmd) {
    const view = ctx.requireSelected();
    const user = ctx.requireUser();
    if (view.readOnly) return ctx.no('Mailbox is read-only', 'READ-ONLY');
    const set = ctx.resolve(cmd.set, cmd.uid);
    if (!set) return ctx.bad('Invalid message number');
    if (cmd.unchangedSince !== null) ctx.enable('CONDSTORE');
    const condstore = ctx.enabled.has('CONDSTORE') || ctx.enabled.has('QRESYNC');
    const flags = cmd.flags.filter((f) => f.toLowerCase() !== '\\recent');
    const ranges = set.uidRanges();
    if (ranges.length === 0) return ctx.ok('STORE completed');
    let res: Awaited<ReturnType<typeof ctx.core.messages.setFlags>>;
    try {
      res = await ctx.core.messages.setFlags(
        user.id,
        view.mailboxId,
        ranges,
        OPS[cmd.op],
        flags,
        cmd.unchangedSince ?? undefined,
      );
    } catch (e) {
      return ctx.fail(e);
    }
    view.ownFlags(res.changed);
    // RFC 3501 §7.2.6: a keyword this STORE made new is announced in FLAGS first.
    if (!cmd.silent) for (const r of await announceNewKeywords(ctx.core, view)) await ctx.send(r);
    // FLAGS.SILENT still reports MODSEQ under CONDSTORE (RFC 7162 §3.1.3).
    if (!cmd.silent || condstore) {
      for (const ch of res.changed) {
        const seq = view.seq.uidToSeq(ch.uid);
        if (seq === 0) continue;
        const items: FetchItem[] = [];
        if (cmd.uid || ctx.enabled.has('QRESYNC'))
          items.push({ name: 'UID', value: { t: 'number', n: ch.uid } });
        if (!cmd.silent)
          items.push({ name: 'FLAGS', value: { t: 'flags', flags: view.withRecent(ch.uid, ch.flags) } });
        if (condstore) items.push({ name: 'MODSEQ', value: { t: 'modseq', n: ch.modseq } });
        await ctx.send(fetchResponse(seq, items, ctx.encode));
      }
    }
    if (res.modified.length > 0) {
      const nums = cmd.uid
        ? res.modified
        : res.modified.map((u) => view.seq.uidToSeq(u)).filter((s) => s > 0);
      return ctx.ok(
        'Some messages were modified meanwhile',
        `MODIFIED ${compressInOrder(nums.sort((a, b) => a - b))}`,
      );
    }
    return ctx.ok('STORE completed');
  },
};
