// The end of LOGIN and AUTHENTICATE: check the password with src/auth, take a session
// slot (NO [UNAVAILABLE] when the user has too many, never as a login failure,
// CLIENT-QUIRKS rule 5), and answer with the new capabilities (RFC 9051 §6.2.2).

import type { CommandContext, CommandResult } from '../../context.js';

export async function completeLogin(
  ctx: CommandContext,
  username: string,
  password: string,
): Promise<CommandResult> {
  const r = await ctx.session.checkPassword(username, password);
  if (!r.ok) return ctx.session.authFailure(r.reason, r.retryAfterMs);
  const refused = ctx.session.login({ id: r.userId, address: r.address });
  if (refused) return refused;
  return ctx.ok('Logged in', `CAPABILITY ${ctx.session.capabilities().join(' ')}`);
}
