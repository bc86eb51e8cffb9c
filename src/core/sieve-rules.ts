// Filter rules (src/sieve/rules.ts) as the core offers them to the CLI and, later, the
// webmail: a user's rules live in one Sieve script named "rules", written by
// rulesToSieve and read back by sieveToRules. Saving makes that script active only when
// no other script is (a hand-written script that is active stays active: it may
// `include :personal "rules"`). Nothing is cached: each call reads the store, so a
// server running on the same store uses new rules at its next delivery.
import { z } from 'zod';
import { checkRule, type Rule, rulesToSieve, sieveToRules } from '../sieve/index.js';
import type { UserId } from '../store/types.js';
import { MailError } from './errors.js';
import type { SieveService } from './sieve.js';

/** The script that holds the rules. */
export const RULES_SCRIPT = 'rules';

export interface RuleSet {
  rules: Rule[];
  /** The rules script is the active one (its rules run at delivery). */
  active: boolean;
  /** Name of the active script, if any (another one when `active` is false). */
  activeScript: string | null;
}

const text = z.string().max(1000);
const op = z.enum(['contains', 'is', 'matches']);
const conditionSchema = z.union([
  z.strictObject({ field: z.enum(['from', 'to', 'subject']), op, value: text }),
  z.strictObject({ field: z.literal('header'), header: z.string().min(1).max(200), op, value: text }),
  z.strictObject({ field: z.literal('size'), op: z.enum(['over', 'under']), bytes: z.number().int().min(0) }),
  z.strictObject({ field: z.literal('attachment') }),
]);
const actionSchema = z.union([
  z.strictObject({ type: z.literal('move'), folder: z.string().min(1).max(512) }),
  z.strictObject({ type: z.enum(['markRead', 'flag', 'delete', 'stop']) }),
  z.strictObject({ type: z.literal('forward'), to: z.string().min(3).max(320) }),
]);
const ruleSchema = z.strictObject({
  name: z.string().min(1).max(200),
  match: z.enum(['allOf', 'anyOf']),
  conditions: z.array(conditionSchema).max(50),
  actions: z.array(actionSchema).min(1).max(20),
});

/** The most rules one user keeps (each becomes an `if` of the script). */
export const MAX_RULES = 500;

/** Checks data from outside (an import file, a web form); throws MailError Invalid. */
export function parseRules(data: unknown): Rule[] {
  const r = z.array(ruleSchema).max(MAX_RULES).safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new MailError('Invalid', `bad rules${where}: ${issue.message}`);
  }
  const rules = r.data as Rule[];
  for (const rule of rules) validRule(rule);
  return rules;
}

function validRule(rule: Rule): void {
  try {
    checkRule(rule);
  } catch (e) {
    throw new MailError('Invalid', (e as Error).message);
  }
}

export class FilterRules {
  constructor(private readonly sieve: SieveService) {}

  /** The user's rules; Invalid when the "rules" script was edited by hand. */
  async get(userId: UserId): Promise<RuleSet> {
    const scripts = await this.sieve.list(userId);
    const active = scripts.find((s) => s.active)?.name ?? null;
    const own = scripts.find((s) => s.name === RULES_SCRIPT);
    let rules: Rule[] = [];
    if (own) {
      const read = sieveToRules(own.content);
      if (read.kind === 'custom')
        throw new MailError(
          'Invalid',
          `the "${RULES_SCRIPT}" script was edited by hand, so it no longer holds rules (manage it with a Sieve client, or delete it)`,
        );
      rules = read.rules;
    }
    return { rules, active: active === RULES_SCRIPT, activeScript: active };
  }

  /** Replaces the rules; activates them when no other script is active. */
  async set(userId: UserId, rules: Rule[]): Promise<RuleSet> {
    if (rules.length > MAX_RULES) throw new MailError('Limit', `at most ${MAX_RULES} rules`);
    for (const r of rules) validRule(r);
    let script: string;
    try {
      script = rulesToSieve(rules);
    } catch (e) {
      throw new MailError('Invalid', (e as Error).message);
    }
    await this.sieve.put(userId, RULES_SCRIPT, script);
    const scripts = await this.sieve.list(userId);
    let active = scripts.find((s) => s.active)?.name ?? null;
    if (active === null) {
      await this.sieve.activate(userId, RULES_SCRIPT);
      active = RULES_SCRIPT;
    }
    return { rules, active: active === RULES_SCRIPT, activeScript: active };
  }

  /** Adds a rule at `position` (1-based; default: last). */
  async add(userId: UserId, rule: Rule, position?: number): Promise<RuleSet & { number: number }> {
    validRule(rule);
    const { rules } = await this.get(userId);
    const at = position === undefined ? rules.length : Math.min(Math.max(position, 1), rules.length + 1) - 1;
    rules.splice(at, 0, rule);
    return { ...(await this.set(userId, rules)), number: at + 1 };
  }

  /** Removes rule number `which` (1-based) or the rule with that name; returns it. */
  async remove(userId: UserId, which: number | string): Promise<{ removed: Rule } & RuleSet> {
    const { rules } = await this.get(userId);
    const at =
      typeof which === 'number'
        ? which - 1
        : rules.findIndex((r) => r.name.toLowerCase() === which.toLowerCase());
    if (at < 0 || at >= rules.length)
      throw new MailError(
        'NotFound',
        typeof which === 'number'
          ? `no rule ${which} (there ${rules.length === 1 ? 'is 1 rule' : `are ${rules.length} rules`})`
          : `no rule named "${which}"`,
      );
    const [removed] = rules.splice(at, 1);
    return { removed: removed!, ...(await this.set(userId, rules)) };
  }

  /** Makes the rules script the active one (creating it empty when missing). */
  async activate(userId: UserId): Promise<void> {
    if (!(await this.sieve.get(userId, RULES_SCRIPT)))
      await this.sieve.put(userId, RULES_SCRIPT, rulesToSieve([]));
    await this.sieve.activate(userId, RULES_SCRIPT);
  }

  /** The Sieve text the rules run as. */
  async script(userId: UserId): Promise<string> {
    const own = await this.sieve.get(userId, RULES_SCRIPT);
    return own?.content ?? rulesToSieve([]);
  }
}
