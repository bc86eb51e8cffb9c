// postroom filter add ADDRESS [--if-... ] [--move-to FOLDER --mark-read --flag --forward ADDR
//   --delete --stop] [--name NAME] [--any] [--compare is|contains|matches] [--position N]
// Builds one rule of the rule model (src/sieve/rules.ts) from flags and appends it.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Rule, RuleAction, RuleCondition } from '../../sieve/index.js';
import { describeRule } from '../../sieve/index.js';
import type { CliContext } from '../context.js';
import { activeNote, filterCommand, withRules } from '../filter-command.js';
import { CliError } from '../io.js';
import { NONE, parseSize } from '../options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function size(value: string): number {
  const n = parseSize(value);
  if (n === NONE) throw new InvalidArgumentError('expected a size such as 500K or 2M');
  return n;
}

function position(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new InvalidArgumentError('expected a rule number (1 = first)');
  return Number(value);
}

const EXAMPLES = `
Conditions: every --if-... flag adds one (repeat a flag for several values); the rule runs
when all of them hold, or any one with --any. Text is compared as --compare says:
contains (default), is (the whole value), or matches (* and ? wildcards); case is ignored.
--if-from and --if-to look at the addresses (To and Cc for --if-to).

Actions run in this order: move, mark read, flag, forward, delete, stop. Without
--move-to the message stays in INBOX (with the flags). --stop skips the later rules.

Examples:
  postroom filter add bob@example.test --data ./data --if-header "List-Id: dev.example.org" --move-to Lists/Dev --mark-read
  postroom filter add bob@example.test --data ./data --if-from boss@example.test --flag --stop
  postroom filter add bob@example.test --data ./data --any --if-subject "[spam]" --if-from @spam.example --delete
  postroom filter add bob@example.test --data ./data --if-larger 10M --forward bob@phone.example
`;

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(filter, 'add', 'add a filter rule (runs at every delivery, after the rules before it)')
    .option('--name <NAME>', 'a name for the rule (default: its conditions in words)')
    .option('--if-from <TEXT>', 'the From address contains TEXT', collect)
    .option('--if-to <TEXT>', 'a To or Cc address contains TEXT', collect)
    .option('--if-subject <TEXT>', 'the Subject contains TEXT', collect)
    .option('--if-header <NAME:TEXT>', 'header field NAME contains TEXT, e.g. "List-Id: dev"', collect)
    .option('--if-larger <SIZE>', 'the message is larger than SIZE (e.g. 500K, 10M)', size)
    .option('--if-smaller <SIZE>', 'the message is smaller than SIZE', size)
    .option('--if-attachment', 'the message has attachments (multipart/mixed)')
    .option('--always', 'no condition: the rule runs for every message')
    .option('--any', 'run when any one condition holds (default: all of them)')
    .addOption(
      new Option('--compare <HOW>', 'how text conditions compare')
        .choices(['contains', 'is', 'matches'])
        .default('contains'),
    )
    .option('--move-to <FOLDER>', 'file the message into FOLDER (created when missing), not INBOX')
    .option('--mark-read', 'mark the message as read (\\Seen)')
    .option('--flag', 'flag the message (\\Flagged)')
    .option('--forward <ADDRESS>', 'send a copy to ADDRESS (repeatable)', collect)
    .option('--delete', 'throw the message away (nothing is stored)')
    .option('--stop', 'do not run the rules after this one')
    .option('--position <N>', 'insert as rule N (1 = first; default: last)', position)
    .addHelpText('after', EXAMPLES)
    .action(async (address: string, opts: Record<string, unknown>) => {
      const rule = ruleFromOptions(opts);
      const pos = opts.position as number | undefined;
      const r = await withRules(opts, address, (rules, userId) => rules.add(userId, rule, pos));
      ctx.io.out(`added rule ${r.number} "${rule.name}"\n   ${describeRule(rule)}\n`);
      activeNote(ctx, r, address);
    });
}

function ruleFromOptions(o: Record<string, unknown>): Rule {
  const op = o.compare as 'contains' | 'is' | 'matches';
  const conditions: RuleCondition[] = [];
  const texts = (key: string) => (o[key] as string[] | undefined) ?? [];
  for (const value of texts('ifFrom')) conditions.push({ field: 'from', op, value });
  for (const value of texts('ifTo')) conditions.push({ field: 'to', op, value });
  for (const value of texts('ifSubject')) conditions.push({ field: 'subject', op, value });
  for (const h of texts('ifHeader')) {
    const m = /^([!-9;-~]+):\s?(.*)$/s.exec(h);
    if (!m) throw new CliError(`--if-header wants "NAME: TEXT", e.g. "List-Id: dev" (got "${h}")`);
    conditions.push({ field: 'header', header: m[1]!, op, value: m[2]! });
  }
  if (o.ifLarger !== undefined) conditions.push({ field: 'size', op: 'over', bytes: o.ifLarger as number });
  if (o.ifSmaller !== undefined)
    conditions.push({ field: 'size', op: 'under', bytes: o.ifSmaller as number });
  if (o.ifAttachment) conditions.push({ field: 'attachment' });
  if (conditions.length === 0 && !o.always)
    throw new CliError('give at least one condition (--if-from, --if-subject, ...), or --always');
  if (conditions.length > 0 && o.always) throw new CliError('--always cannot be combined with conditions');

  const actions: RuleAction[] = [];
  if (typeof o.moveTo === 'string') actions.push({ type: 'move', folder: o.moveTo });
  if (o.markRead) actions.push({ type: 'markRead' });
  if (o.flag) actions.push({ type: 'flag' });
  for (const to of texts('forward')) actions.push({ type: 'forward', to });
  if (o.delete) {
    if (o.moveTo !== undefined) throw new CliError('--delete and --move-to contradict each other');
    actions.push({ type: 'delete' });
  }
  if (o.stop) actions.push({ type: 'stop' });
  if (actions.length === 0 || actions.every((a) => a.type === 'stop'))
    throw new CliError('give at least one action: --move-to, --mark-read, --flag, --forward or --delete');

  const rule: Rule = { name: '', match: o.any ? 'anyOf' : 'allOf', conditions, actions };
  rule.name = typeof o.name === 'string' ? o.name : defaultName(rule);
  return rule;
}

function defaultName(rule: Rule): string {
  const text = describeRule(rule)
    .replace(/ -> .*$/, '')
    .replace(/^if /, '');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
