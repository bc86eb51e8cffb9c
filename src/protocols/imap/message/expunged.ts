// Reporting this session's own expunges (EXPUNGE, UID EXPUNGE, MOVE, REPLACE): EXPUNGE
// responses highest number first, or VANISHED under QRESYNC (RFC 7162 §3.2.10) and
// UIDONLY (RFC 9586 §3).

import type { CommandContext } from '../context.js';
import type { MailboxView } from '../mailbox-view.js';
import { untagged } from '../wire/responses.js';
import { vanished } from '../wire/search-responses.js';
import { liveExpunged } from './live-search.js';

export async function reportExpunged(
  ctx: CommandContext,
  view: MailboxView,
  uids: readonly number[],
  modseq: number,
): Promise<void> {
  const present = uids.filter((u) => view.seq.has(u));
  // RFC 5267 §4.4: REMOVEFROM before the EXPUNGEs, while the numbers are still valid.
  for (const line of liveExpunged(view, present)) await ctx.send(line);
  const seqs = view.ownExpunged(uids, modseq);
  if (ctx.enabled.has('QRESYNC') || ctx.enabled.has('UIDONLY')) {
    for (const line of vanished(present, false)) await ctx.send(line);
    return;
  }
  for (const s of seqs) await ctx.send(untagged(`${s} EXPUNGE`));
}
