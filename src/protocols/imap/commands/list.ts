// LIST (RFC 9051 §6.3.9) with LIST-EXTENDED (RFC 5258: selection SUBSCRIBED, REMOTE,
// RECURSIVEMATCH, SPECIAL-USE; return CHILDREN, SUBSCRIBED, SPECIAL-USE), LIST-STATUS
// (RFC 5819), SPECIAL-USE (RFC 6154) and CHILDREN (RFC 3348).
// - `LIST "" ""` answers the delimiter with an empty name and \Noselect.
// - Parents that do not exist but have children are listed as \NonExistent (or \Noselect
//   for IMAP4rev1 clients using plain LIST) with \HasChildren, so `%` finds them.
// - Subscribed names whose mailbox is gone are \NonExistent (mutt loops otherwise,
//   CLIENT-QUIRKS §1).
// - Special-use attributes are always sent (K-9 and Thunderbird rely on them).

import type { Mailbox } from '../../../store/types.js';
import type { CommandContext, CommandHandler, CommandOf, CommandResult } from '../context.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { listResponse, statusResponse } from '../wire/mailbox-responses.js';
import { compareNames, compilePattern, joinReference, parentsOf } from './shared/list-pattern.js';
import { recentFor, statusValues } from './shared/status-items.js';

interface Entry {
  name: string;
  box: Mailbox | null;
  subscribed: boolean;
  hasChildren: boolean;
  /** RECURSIVEMATCH: a descendant is subscribed. */
  childSubscribed: boolean;
}

/** Every name that may be listed: mailboxes, subscriptions, and implied parents. */
export async function mailboxEntries(ctx: CommandContext): Promise<Map<string, Entry>> {
  const user = ctx.requireUser();
  const boxes = await ctx.core.mailboxes.list(user.id);
  const subs = new Set(await ctx.core.mailboxes.listSubscriptions(user.id));
  const map = new Map<string, Entry>();
  const get = (name: string): Entry => {
    let e = map.get(name);
    if (!e) {
      e = { name, box: null, subscribed: subs.has(name), hasChildren: false, childSubscribed: false };
      map.set(name, e);
    }
    return e;
  };
  for (const b of boxes) {
    const e = get(b.name);
    e.box = b;
    for (const p of parentsOf(b.name)) get(p).hasChildren = true;
  }
  for (const s of subs) {
    get(s).subscribed = true;
    for (const p of parentsOf(s)) {
      const e = get(p);
      e.childSubscribed = true;
      if (map.has(s) && map.get(s)!.box) e.hasChildren = true;
    }
  }
  return map;
}

async function list(ctx: CommandContext, cmd: CommandOf<'LIST'>): Promise<CommandResult> {
  const sel = cmd.select;
  const ret = cmd.returns;
  // RFC 5258 §3: RECURSIVEMATCH needs another selection option.
  if (sel.recursiveMatch && !sel.subscribed && !sel.specialUse)
    return ctx.bad('RECURSIVEMATCH needs SUBSCRIBED or SPECIAL-USE');
  if (cmd.patterns.length === 1 && cmd.patterns[0] === '' && !cmd.extended) {
    // RFC 9051 §6.3.9: the hierarchy delimiter and the root name.
    await ctx.send(
      listResponse({ command: 'LIST', attributes: ['\\Noselect'], delimiter: '/', name: '' }, ctx.encode),
    );
    return ctx.ok('LIST completed');
  }
  const matchers = cmd.patterns
    .filter((p) => p !== '')
    .map((p) => compilePattern(joinReference(cmd.reference, p)));
  const entries = [...(await mailboxEntries(ctx)).values()].sort((a, b) => compareNames(a.name, b.name));
  const rev2 = cmd.extended || ctx.enabled.has('IMAP4rev2');
  const matches = (name: string) => matchers.some((m) => m(name));
  const subscribedNames = entries.filter((e) => e.subscribed).map((e) => e.name);
  for (const e of entries) {
    if (!matches(e.name)) continue;
    const childInfo: string[] = [];
    if (sel.subscribed) {
      // RFC 5258 §3.5 CHILDINFO: a subscribed descendant the patterns do not list
      // themselves; on a subscribed mailbox too (RFC 5258 §5 example 9, "eps2").
      const hidden =
        sel.recursiveMatch &&
        e.childSubscribed &&
        subscribedNames.some((n) => n.startsWith(`${e.name}/`) && !matches(n));
      if (!e.subscribed && !hidden) continue;
      if (hidden) childInfo.push('SUBSCRIBED');
    } else if (sel.specialUse) {
      if (!e.box?.specialUse) continue;
    } else if (!e.box && !e.hasChildren) {
      continue; // a subscription of a deleted mailbox is not a mailbox
    }
    const attrs: string[] = [];
    if (!e.box) attrs.push(rev2 || sel.subscribed ? '\\NonExistent' : '\\Noselect');
    attrs.push(e.hasChildren ? '\\HasChildren' : '\\HasNoChildren');
    if ((sel.subscribed || ret.subscribed) && e.subscribed) attrs.push('\\Subscribed');
    if (e.box?.specialUse) attrs.push(e.box.specialUse);
    await ctx.send(
      listResponse(
        {
          command: 'LIST',
          attributes: attrs,
          delimiter: '/',
          name: e.name,
          ...(childInfo.length ? { childInfo } : {}),
        },
        ctx.encode,
      ),
    );
    // RFC 5819 §2: STATUS right after the LIST of each selectable mailbox.
    if (ret.status && e.box) {
      if (ret.status.includes('HIGHESTMODSEQ')) ctx.enable('CONDSTORE');
      const recent = await recentFor(ctx.core, e.box, ret.status);
      await ctx.send(
        statusResponse(e.box.name, statusValues(e.box, ret.status, ctx.appendLimit, recent), ctx.encode),
      );
    }
  }
  return ctx.ok('LIST completed');
}

export const listCommand: CommandHandler<'LIST'> = {
  states: COMMAND_STATES.LIST,
  handle: list,
};
