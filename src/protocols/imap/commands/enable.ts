// ENABLE (RFC 5161): CONDSTORE, QRESYNC (RFC 7162), UTF8=ACCEPT (RFC 6855), IMAP4rev2
// (RFC 9051 §6.3.1), UIDONLY (RFC 9586 §3.1), each only when advertised. Unknown names
// are ignored.

import type { CommandHandler, Enableable } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';

const ENABLEABLE: readonly Enableable[] = ['CONDSTORE', 'QRESYNC', 'UTF8=ACCEPT', 'IMAP4rev2', 'UIDONLY'];

export const enableCommand: CommandHandler<'ENABLE'> = {
  states: COMMAND_STATES.ENABLE,
  capabilities: ['ENABLE'],
  async handle(ctx, cmd) {
    const advertised = new Set(ctx.session.capabilities().map((c) => c.toUpperCase()));
    const now: string[] = [];
    for (const raw of cmd.capabilities) {
      const ext = ENABLEABLE.find((e) => e.toUpperCase() === raw.toUpperCase());
      if (!ext || !advertised.has(ext.toUpperCase())) continue;
      if (!ctx.enabled.has(ext)) now.push(ext);
      ctx.enable(ext);
    }
    await ctx.untagged(`ENABLED${now.length ? ' ' : ''}${now.join(' ')}`);
    return ctx.ok('ENABLE completed');
  },
};
