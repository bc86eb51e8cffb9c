// RFC 9208 quota data: one quota root "" per user, STORAGE in KiB and MESSAGE counts.
// Only resources with a limit are listed; a user without limits has no quota root.

import type { CommandContext } from '../../context.js';

export interface QuotaResource {
  name: string;
  usage: number;
  limit: number;
}

export async function userQuota(ctx: CommandContext): Promise<QuotaResource[]> {
  const user = ctx.requireUser();
  const u = await ctx.core.accounts.getUserById(user.id);
  if (!u) return [];
  const usage = await ctx.core.accounts.getUsage(user.id);
  const out: QuotaResource[] = [];
  // RFC 9208 §5.1: STORAGE is in units of 1024 octets.
  if (u.quotaBytes !== null)
    out.push({
      name: 'STORAGE',
      usage: Math.ceil(usage.bytes / 1024),
      limit: Math.floor(u.quotaBytes / 1024),
    });
  if (u.quotaMessages !== null) out.push({ name: 'MESSAGE', usage: usage.messages, limit: u.quotaMessages });
  return out;
}
