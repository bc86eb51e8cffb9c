// A simple rule model for the common filters (webmail and CLI), turned into Sieve and
// back. Each rule is written as a "# rule:" comment holding its JSON, followed by the
// Sieve it stands for; reading a script back rebuilds the text from those comments and
// only accepts it when it is identical, so any hand edit makes the script "custom".
import { compile } from './compile.js';

export type RuleCondition =
  | { field: 'from' | 'to' | 'subject'; op: 'contains' | 'is' | 'matches'; value: string }
  | { field: 'header'; header: string; op: 'contains' | 'is' | 'matches'; value: string }
  | { field: 'size'; op: 'over' | 'under'; bytes: number }
  | { field: 'attachment' };

export type RuleAction =
  | { type: 'move'; folder: string }
  | { type: 'markRead' }
  | { type: 'flag' }
  | { type: 'forward'; to: string }
  | { type: 'delete' }
  | { type: 'stop' };

export interface Rule {
  name: string;
  match: 'allOf' | 'anyOf';
  conditions: RuleCondition[];
  actions: RuleAction[];
}

export type ReadRules = { kind: 'rules'; rules: Rule[] } | { kind: 'custom' };

const HEADER = '# Postroom filter rules (generated: edit through the rules, or it becomes a custom script)';
const REQUIRE = 'require ["fileinto", "imap4flags", "copy", "mailbox"];';

/** RFC 5228 §2.4.2 quoted string. */
export function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function condition(c: RuleCondition): string {
  switch (c.field) {
    case 'from':
      return `address :all :${c.op} "from" ${quote(c.value)}`;
    case 'to':
      return `address :all :${c.op} ["to", "cc"] ${quote(c.value)}`;
    case 'subject':
      return `header :${c.op} "subject" ${quote(c.value)}`;
    case 'header':
      return `header :${c.op} ${quote(c.header)} ${quote(c.value)}`;
    case 'size':
      return `size :${c.op} ${Math.max(0, Math.floor(c.bytes))}`;
    case 'attachment':
      // A multipart/mixed message carries attachments in practice.
      return 'header :contains "content-type" "multipart/mixed"';
  }
}

function actions(list: RuleAction[]): string[] {
  const out: string[] = [];
  const flags: string[] = [];
  if (list.some((a) => a.type === 'markRead')) flags.push('\\\\Seen');
  if (list.some((a) => a.type === 'flag')) flags.push('\\\\Flagged');
  const flagList = flags.length ? `[${flags.map((f) => `"${f}"`).join(', ')}]` : '""';
  const moves = list.some((a) => a.type === 'move');
  // Without a move the flags go on the message kept in INBOX (RFC 5232 §3); a move carries
  // its own :flags so flags of one rule never leak into another rule's folder.
  if (!moves && flags.length) out.push(`addflag ${flagList};`);
  for (const a of list) {
    if (a.type === 'move') out.push(`fileinto :create :flags ${flagList} ${quote(a.folder)};`);
    else if (a.type === 'forward') out.push(`redirect :copy ${quote(a.to)};`);
    else if (a.type === 'delete') out.push('discard;');
  }
  if (list.some((a) => a.type === 'stop')) out.push('stop;');
  return out;
}

function ruleText(r: Rule): string {
  const json = JSON.stringify(r);
  const conds = r.conditions.map(condition);
  const test =
    conds.length === 0
      ? 'true'
      : conds.length === 1
        ? conds[0]!
        : `${r.match === 'allOf' ? 'allof' : 'anyof'} (${conds.join(', ')})`;
  const body = actions(r.actions).map((l) => `  ${l}`);
  return [`# rule: ${json}`, `if ${test} {`, ...body, '}'].join('\n');
}

/** Validates a rule; throws a readable Error. */
export function checkRule(r: Rule): void {
  if (!r.name.trim()) throw new Error('a rule needs a name');
  if (/[\r\n]/.test(r.name)) throw new Error('a rule name is one line');
  if (r.actions.length === 0) throw new Error(`rule "${r.name}" has no action`);
  for (const a of r.actions) {
    if (a.type === 'move' && !a.folder.trim()) throw new Error(`rule "${r.name}": empty folder`);
    if (a.type === 'forward' && !/^[^\s@<>]+@[^\s@<>]+$/.test(a.to))
      throw new Error(`rule "${r.name}": "${a.to}" is not an address`);
  }
  for (const c of r.conditions) {
    if ((c.field === 'header' && !/^[!-9;-~]+$/.test(c.header)) || (c.field === 'size' && !(c.bytes >= 0)))
      throw new Error(`rule "${r.name}": bad condition`);
  }
}

/** The Sieve script for a list of rules (checked by our own compiler). */
export function rulesToSieve(rules: Rule[]): string {
  for (const r of rules) checkRule(r);
  const text = [HEADER, REQUIRE, ...rules.map(ruleText)].join('\n') + '\n';
  compile(text);
  return text;
}

/** Reads rules back from a script written by rulesToSieve; anything else is "custom". */
export function sieveToRules(script: string): ReadRules {
  const norm = script.replace(/\r\n/g, '\n');
  if (!norm.startsWith(HEADER + '\n')) return { kind: 'custom' };
  const rules: Rule[] = [];
  for (const line of norm.split('\n')) {
    if (!line.startsWith('# rule: ')) continue;
    try {
      rules.push(JSON.parse(line.slice(8)) as Rule);
    } catch {
      return { kind: 'custom' };
    }
  }
  try {
    return rulesToSieve(rules) === norm ? { kind: 'rules', rules } : { kind: 'custom' };
  } catch {
    return { kind: 'custom' };
  }
}

const OP_WORDS: Record<string, string> = { contains: 'contains', is: 'is', matches: 'matches' };

/** One condition in words, e.g. `from contains "boss@"`. */
export function describeCondition(c: RuleCondition): string {
  switch (c.field) {
    case 'from':
    case 'to':
    case 'subject':
      return `${c.field} ${OP_WORDS[c.op]} ${quote(c.value)}`;
    case 'header':
      return `header ${c.header} ${OP_WORDS[c.op]} ${quote(c.value)}`;
    case 'size':
      return `size ${c.op} ${c.bytes} bytes`;
    case 'attachment':
      return 'has an attachment';
  }
}

/** One action in words, e.g. `move to "Lists"`. */
export function describeAction(a: RuleAction): string {
  switch (a.type) {
    case 'move':
      return `move to ${quote(a.folder)}`;
    case 'markRead':
      return 'mark read';
    case 'flag':
      return 'flag';
    case 'forward':
      return `forward to ${a.to}`;
    case 'delete':
      return 'delete';
    case 'stop':
      return 'stop';
  }
}

/** A rule in one line: `if all of: a, b -> x, y` (`always -> x` without conditions). */
export function describeRule(r: Rule): string {
  const conds = r.conditions.map(describeCondition);
  const when =
    conds.length === 0
      ? 'always'
      : conds.length === 1
        ? `if ${conds[0]}`
        : `if ${r.match === 'allOf' ? 'all' : 'any'} of: ${conds.join(', ')}`;
  return `${when} -> ${r.actions.map(describeAction).join(', ')}`;
}
