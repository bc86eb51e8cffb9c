// GENURLAUTH (RFC 4467 §7.2): signs rump URLs naming messages in the user's own
// mailboxes with the INTERNAL mechanism (src/core/urlauth.ts). All or nothing: one bad URL
// fails the command and no URL is returned.

import { URLAUTH_MECHANISMS } from '../../../core/urlauth.js';
import type { CommandContext, CommandHandler } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { parseImapUrl } from '../wire/imap-url.js';
import { genUrlAuthResponse } from '../wire/urlauth-responses.js';

/** The authorized URL for `rump`, or why it cannot be made. */
async function sign(
  ctx: CommandContext,
  rump: string,
  mechanism: string,
): Promise<string | { error: string }> {
  if (!(URLAUTH_MECHANISMS as readonly string[]).includes(mechanism))
    return { error: `Unknown URLAUTH mechanism ${mechanism}` };
  const p = parseImapUrl(rump);
  if (!p.ok) return { error: `Invalid URL: ${p.error}` };
  const url = p.url;
  // §7.2: an absolute URL with the user and ";URLAUTH=access" but no verifier yet.
  if (url.base !== 'absolute' || url.user === null || !url.mailbox)
    return { error: 'Not an absolute IMAP URL with a user' };
  if (!url.urlauth || url.urlauth.mechanism !== null)
    return { error: 'Not a rump URL (;URLAUTH=access without mechanism)' };
  if (url.uid === null) return { error: 'The URL names no message' };
  const me = ctx.requireUser();
  const owner = url.user.includes('@') ? url.user : `${url.user}@${url.host ?? ''}`;
  // §7.2: only the mailbox owner signs URLs with the mailbox access key.
  if (owner.toLowerCase() !== me.address.toLowerCase()) return { error: 'The URL names another user' };
  const box = await ctx.core.mailboxes.get(me.id, url.mailbox);
  if (!box) return { error: 'No such mailbox' };
  if (url.uidValidity !== null && url.uidValidity !== box.uidValidity)
    return { error: 'UIDVALIDITY does not match' };
  const token = await ctx.core.urlAuth.generate(me.id, box.id, url.urlauth.rump);
  return `${url.urlauth.rump}:${mechanism}:${token}`;
}

export const genUrlAuthCommand: CommandHandler<'GENURLAUTH'> = {
  states: COMMAND_STATES.GENURLAUTH,
  capabilities: ['URLAUTH'],
  async handle(ctx, cmd) {
    const out: string[] = [];
    for (const it of cmd.items) {
      const r = await sign(ctx, it.url, it.mechanism);
      if (typeof r !== 'string') return ctx.no(`GENURLAUTH failed: ${r.error}`);
      out.push(r);
    }
    await ctx.send(genUrlAuthResponse(out, ctx.encode));
    return ctx.ok('GENURLAUTH completed');
  },
};
